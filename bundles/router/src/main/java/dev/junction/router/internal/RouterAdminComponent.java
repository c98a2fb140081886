package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.junction.api.admin.RealmView;
import dev.junction.api.admin.RegistrationView;
import dev.junction.api.admin.RouterAdmin;
import dev.junction.api.admin.SessionView;
import dev.junction.api.admin.SubscriptionView;
import dev.junction.api.admin.TransportView;
import dev.junction.spi.transport.ListeningTransport;
import dev.junction.spi.transport.TransportStatus;

/**
 * The {@link RouterAdmin} service: the router's own state through {@link AdminView}, the transports through the
 * {@link ListeningTransport} status services every transport bundle registers (the router knows nothing of
 * sockets). Lives and dies with the router component it is bound to.
 */
@Component(service = RouterAdmin.class)
public final class RouterAdminComponent implements RouterAdmin {
    private final AdminView view;
    private final Map<ListeningTransport, Map<String, Object>> transports = new ConcurrentHashMap<>();

    /** Bound to the router component of this bundle by name: it is the only {@link RealmRegistry} there is. */
    @Activate
    public RouterAdminComponent(
            @Reference(target = "(component.name=dev.junction.router.internal.RouterComponent)")
            RealmRegistry routerComponent) {
        this.view = new AdminView(((RouterComponent) routerComponent).router());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransport(ListeningTransport transport, Map<String, Object> properties) {
        transports.put(transport, properties);
    }

    void unbindTransport(ListeningTransport transport) {
        transports.remove(transport);
    }

    @Override
    public List<TransportView> transports() {
        List<TransportView> out = new ArrayList<>();
        transports.forEach((t, props) -> {
            TransportStatus s = t.status();
            out.add(new TransportView(s.id(), s.type(), s.state(), s.endpoint(), serializers(props.get("serializers")),
                    s.connections(), s.error()));
        });
        out.sort(Comparator.comparing(TransportView::id));
        return out;
    }

    /**
     * The {@code serializers} configuration key as the service property carries it: a list or array (typed
     * configurations) or one string separated by commas and/or spaces (Karaf .cfg files). Empty when not set.
     */
    static List<String> serializers(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isEmpty()).forEach(out::add);
        } else if (value instanceof String[] a) {
            out.addAll(Arrays.asList(a));
        } else if (value instanceof Iterable<?> i) {
            i.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    @Override
    public List<RealmView> realms() {
        return view.realms();
    }

    @Override
    public List<SessionView> sessions(String realm) {
        return view.sessions(realm);
    }

    @Override
    public List<SubscriptionView> subscriptions(String realm) {
        return view.subscriptions(realm);
    }

    @Override
    public List<RegistrationView> registrations(String realm) {
        return view.registrations(realm);
    }

    @Override
    public boolean trace(long sessionId, boolean on, boolean payloads) {
        return view.trace(sessionId, on, payloads);
    }

    @Override
    public boolean kill(long sessionId, String reason) {
        return view.kill(sessionId, reason);
    }
}
