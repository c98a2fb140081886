package dev.junction.container.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import dev.junction.api.admin.ConnectingTransport;

/**
 * One connecting RawSocket transport per factory configuration of {@code dev.junction.connect.rawsocket}, over TCP,
 * TLS or a Unix domain socket (see
 * {@link ConnectionHost} for what it does). A changed configuration restarts the sessions (SCR deactivates and
 * activates the component).
 */
@Component(configurationPid = ConnectionSettings.RAWSOCKET_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ConnectingTransport.class, immediate = true)
@Designate(ocd = RawSocketConnectionComponent.Config.class, factory = true)
public final class RawSocketConnectionComponent extends ConnectionHostDelegate {

    @ObjectClassDefinition(name = "Junction connecting RawSocket transport", description = "Joins the hosted WAMP "
            + "components that name this id (service property junction.connection) to a router.")
    interface Config extends ConnectionConfig {
        @AttributeDefinition(name = "Type", defaultValue = "rawsocket",
                options = @Option(label = "RawSocket", value = "rawsocket"))
        String type();

        @AttributeDefinition(name = "URL", required = false, description = "rs://host:port, or rss://host:port for "
                + "TLS; or give the endpoint's host and port.")
        String url();

        @AttributeDefinition(name = "Endpoint type", defaultValue = "tcp", options = {
            @Option(label = "TCP", value = "tcp"), @Option(label = "Unix domain socket", value = "unix") })
        String endpoint_type();

        @AttributeDefinition(name = "Host", required = false, description = "The router's host (tcp).")
        String endpoint_host();

        @AttributeDefinition(name = "Port", required = false, min = "1", max = "65535",
                description = "The router's RawSocket port (tcp).")
        int endpoint_port();

        @AttributeDefinition(name = "Socket path", required = false, description = "The router's socket file "
                + "(unix).")
        String endpoint_path();

        @AttributeDefinition(name = "TLS: server name", required = false, description = "Connect with TLS and "
                + "verify that the router's certificate carries this name (Crossbar's tls.hostname).")
        String endpoint_tls_hostname();

        @AttributeDefinition(name = "Serializer (Crossbar)", required = false, options = {
            @Option(label = "JSON", value = "json"), @Option(label = "MsgPack", value = "msgpack"),
            @Option(label = "CBOR", value = "cbor") }, description = "Crossbar's single serializer; replaces "
                    + "Serializers when set.")
        String serializer();

        @AttributeDefinition(defaultValue = "RawSocket connection {id}")
        String webconsole_configurationFactory_nameHint();
    }

    private final ConnectionHost host;

    @Activate
    public RawSocketConnectionComponent(Map<String, Object> properties) {
        host = new ConnectionHost(properties, ConnectionSettings.RAWSOCKET_PID, "rawsocket");
    }

    @Override
    ConnectionHost host() {
        return host;
    }
}
