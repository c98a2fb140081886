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
    @interface Config {
        @AttributeDefinition(name = "Id", required = false, description = "Components name it in their "
                + "junction.connection property. Default: the configuration's instance name.")
        String id() default "";

        @AttributeDefinition(name = "Type", options = @Option(label = "WebSocket", value = "websocket"))
        String type() default "websocket";

        @AttributeDefinition(name = "URL", description = "The router's WebSocket URL, ws:// or wss://.")
        String url();

        @AttributeDefinition(name = "Realm", description = "The realm the components join.")
        String realm();

        @AttributeDefinition(name = "Serializers", required = false, description = "Serializer names in order of "
                + "preference (comma separated in a .cfg file).")
        String[] serializers() default { "json", "msgpack" };

        @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "600",
                description = "Bound for connecting and for joining.")
        int endpoint_timeout() default 10;

        @AttributeDefinition(name = "TLS: CA certificates", required = false, description = "PEM files of the CAs "
                + "to trust for wss:// (default: the JDK's trust store).")
        String[] endpoint_tls_ca__certificates();

        @AttributeDefinition(name = "TLS: client certificate", required = false, description = "PEM file, for a "
                + "router that verifies client certificates.")
        String endpoint_tls_certificate();

        @AttributeDefinition(name = "TLS: client key", required = false, description = "The client certificate's "
                + "key, a PEM file (PKCS#8, or PKCS#1 RSA).")
        String endpoint_tls_key();

        @AttributeDefinition(name = "Auto-ping interval (ms)", description = "After this long without hearing from "
                + "the router, ping it; 0 never pings.")
        int options_auto__ping__interval() default 10000;

        @AttributeDefinition(name = "Auto-ping timeout (ms)", description = "Drop the connection (and reconnect) when "
                + "the router stays silent this long after a ping.")
        int options_auto__ping__timeout() default 5000;

        @AttributeDefinition(name = "Authid", required = false, description = "The authid for ticket, wampcra or "
                + "cryptosign; without credentials the components join as anonymous.")
        String authid() default "";

        @AttributeDefinition(name = "Ticket", required = false, type = org.osgi.service.metatype.annotations
                .AttributeType.PASSWORD, description = "Offer ticket authentication with this ticket.")
        String auth_ticket_ticket() default "";

        @AttributeDefinition(name = "WAMP-CRA secret", required = false, type = org.osgi.service.metatype
                .annotations.AttributeType.PASSWORD, description = "Offer wampcra with this secret.")
        String auth_wampcra_secret() default "";

        @AttributeDefinition(name = "Cryptosign private key", required = false, type = org.osgi.service.metatype
                .annotations.AttributeType.PASSWORD, description = "Offer cryptosign with this Ed25519 private key "
                + "(64 hex digits).")
        String auth_cryptosign_private__key() default "";

        @AttributeDefinition(name = "Max retries", min = "-1", description = "Failed attempts in a row before "
                + "giving up; -1 never gives up.")
        int retry_max__retries() default -1;

        @AttributeDefinition(name = "Initial retry delay (s)", description = "Delay before the first retry.")
        double retry_initial__retry__delay() default 1.0;

        @AttributeDefinition(name = "Max retry delay (s)", description = "Upper bound of the delay.")
        double retry_max__retry__delay() default 300;

        @AttributeDefinition(name = "Retry delay growth", description = "Each delay is this many times the last.")
        double retry_retry__delay__growth() default 1.5;

        @AttributeDefinition(name = "Retry delay jitter", description = "Each delay varies by up to this fraction.")
        double retry_retry__delay__jitter() default 0.1;

        String webconsole_configurationFactory_nameHint() default "Connection {id} to {url}";
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
