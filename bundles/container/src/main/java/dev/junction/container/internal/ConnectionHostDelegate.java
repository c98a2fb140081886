package dev.junction.container.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.junction.api.admin.ConnectingTransport;
import dev.junction.api.admin.ConnectionStatus;
import dev.junction.container.WampComponent;
import dev.junction.spi.serializer.Serializer;

/**
 * The DS side every connecting transport component shares (bnd reads these inherited annotations, see
 * {@code -dsannotations-options} in bundles/pom.xml): the serializer and component references and the
 * deactivation, forwarded to the {@link ConnectionHost} the subclass built from its own configuration type.
 */
abstract class ConnectionHostDelegate implements ConnectingTransport {

    abstract ConnectionHost host();

    @Deactivate
    void deactivate() {
        host().stop();
    }

    @Reference(service = Serializer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSerializer(Serializer s) {
        host().addSerializer(s);
    }

    void removeSerializer(Serializer s) {
        host().removeSerializer(s);
    }

    @Reference(service = WampComponent.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addComponent(WampComponent component, Map<String, Object> properties) {
        host().addComponent(component, properties);
    }

    void removeComponent(WampComponent component, Map<String, Object> properties) {
        host().removeComponent(properties);
    }

    @Override
    public String id() {
        return host().id();
    }

    @Override
    public String type() {
        return host().type();
    }

    @Override
    public String url() {
        return host().url();
    }

    @Override
    public String realm() {
        return host().realm();
    }

    @Override
    public List<ConnectionStatus> status() {
        return host().status();
    }
}
