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
 * One connecting WebSocket transport per factory configuration of {@code dev.junction.connect.websocket} (see
 * {@link ConnectionHost} for what it does). A changed configuration restarts the sessions (SCR deactivates and
 * activates the component).
 */
@Component(configurationPid = ConnectionSettings.WEBSOCKET_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ConnectingTransport.class, immediate = true)
@Designate(ocd = WebSocketConnectionComponent.Config.class, factory = true)
public final class WebSocketConnectionComponent extends ConnectionHostDelegate {

    @ObjectClassDefinition(name = "Junction connecting WebSocket transport", description = "Joins the hosted WAMP "
            + "components that name this id (service property junction.connection) to a router.")
    interface Config extends ConnectionConfig {
        @AttributeDefinition(name = "Type", defaultValue = "websocket",
                options = @Option(label = "WebSocket", value = "websocket"))
        String type();

        @AttributeDefinition(name = "URL", description = "The router's WebSocket URL, ws:// or wss://.")
        String url();

        @AttributeDefinition(defaultValue = "Connection {id} to {url}")
        String webconsole_configurationFactory_nameHint();
    }

    private final ConnectionHost host;

    @Activate
    public WebSocketConnectionComponent(Map<String, Object> properties) {
        host = new ConnectionHost(properties, ConnectionSettings.WEBSOCKET_PID, "websocket");
    }

    @Override
    ConnectionHost host() {
        return host;
    }
}
