package dev.junction.transport.rawsocket.internal;

import java.time.Duration;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.ListeningTransport;
import dev.junction.spi.transport.TransportStatus;
import dev.junction.spi.transport.WampRouter;
import dev.junction.transport.endpoint.EndpointSettings;
import dev.junction.transport.endpoint.ListenerLifecycle;
import dev.junction.transport.endpoint.MissingSerializers;
import dev.junction.transport.endpoint.SerializerRegistry;

/**
 * A listening WAMP-over-RawSocket transport, one instance per factory configuration of PID
 * {@value RawSocketSettings#PID}. Same life as the WebSocket transport's: the configuration is checked in code
 * ({@link RawSocketSettings#parse}); a refused one leaves the instance FAILED with its reason and no socket; an
 * update that keeps {@code id} and the {@code endpoint.*} keys applies in place to new connections, any other
 * restarts the listener; the router is a static reference, serializers are dynamic.
 */
@Component(name = RawSocketSettings.PID, configurationPid = RawSocketSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = ListeningTransport.class,
        property = ListeningTransport.TYPE + "=" + RawSocketSettings.TYPE)
@Designate(ocd = RawSocketTransportComponent.Config.class, factory = true)
public class RawSocketTransportComponent implements ListeningTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RawSocketTransportComponent.class);
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    @ObjectClassDefinition(name = "Junction RawSocket transport",
            description = "A listening WAMP-over-RawSocket transport (Crossbar's \"rawsocket\" transport): the 4-byte "
                    + "handshake and length-prefixed frames, on tcp (optionally TLS) or a unix socket. One "
                    + "configuration per listener; Crossbar's nested keys are flattened with dots.")
    @interface Config {

        @AttributeDefinition(name = "Id", required = false, description = "Transport id handed to the router and "
                + "shown in logs. Default: the configuration's instance name.")
        String id() default "";

        @AttributeDefinition(name = "Type", description = "Must be rawsocket.",
                options = @Option(label = "RawSocket", value = "rawsocket"))
        String type() default RawSocketSettings.TYPE;

        @AttributeDefinition(name = "Debug", description = "Log every message in and out at INFO, with its size.")
        boolean debug() default false;

        @AttributeDefinition(name = "Endpoint type", description = "Listen on a TCP port or on a unix socket.",
                options = { @Option(label = "TCP", value = "tcp"), @Option(label = "Unix socket", value = "unix") })
        String endpoint_type() default EndpointSettings.DEFAULT_TYPE;

        @AttributeDefinition(name = "Port", min = "0", max = "65535", description = "TCP port, 1..65535 "
                + "(0 picks a free port). A string $NAME reads the environment variable NAME.")
        int endpoint_port() default RawSocketSettings.DEFAULT_PORT;

        @AttributeDefinition(name = "Interface", required = false, description = "Address to listen on; \"\" or "
                + "0.0.0.0 listens on all interfaces.")
        String endpoint_interface() default EndpointSettings.DEFAULT_INTERFACE;

        @AttributeDefinition(name = "Backlog", min = "1", max = "65535", description = "Accept queue size.")
        int endpoint_backlog() default EndpointSettings.DEFAULT_BACKLOG;

        @AttributeDefinition(name = "Unix socket path", required = false,
                description = "Path of the unix socket; required with endpoint type unix, only allowed then.")
        String endpoint_path() default "";

        @AttributeDefinition(name = "TLS key", required = false, description = "PEM private key (PKCS#1, PKCS#8, "
                + "encrypted PKCS#8, EC). Setting it (with the certificate) switches TLS on.")
        String endpoint_tls_key() default "";

        @AttributeDefinition(name = "TLS certificate", required = false,
                description = "PEM certificate of the server, optionally followed by its chain.")
        String endpoint_tls_certificate() default "";

        @AttributeDefinition(name = "TLS chain certificates", required = false,
                description = "Further PEM files with intermediate certificates.")
        String[] endpoint_tls_chain__certificates() default {};

        @AttributeDefinition(name = "TLS CA certificates", required = false, description = "PEM files of the CAs "
                + "of client certificates. When set, clients are asked for a certificate, which must verify.")
        String[] endpoint_tls_ca__certificates() default {};

        @AttributeDefinition(name = "TLS ciphers", required = false, description = "OpenSSL cipher list (e.g. "
                + "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384) or JDK names. Empty: JDK defaults.")
        String endpoint_tls_ciphers() default "";

        @AttributeDefinition(name = "TLS key password", required = false, type = AttributeType.PASSWORD,
                description = "Password of an encrypted PEM key or of the keystore's key entry.")
        String endpoint_tls_key__password() default "";

        @AttributeDefinition(name = "TLS keystore", required = false,
                description = "A PKCS#12 or JKS keystore with the server's key, instead of key and certificate.")
        String endpoint_tls_keystore() default "";

        @AttributeDefinition(name = "TLS keystore type", required = false,
                options = { @Option(label = "PKCS#12", value = "PKCS12"), @Option(label = "JKS", value = "JKS") },
                description = "Default: JKS for a .jks file, else PKCS12.")
        String endpoint_tls_keystore__type() default "";

        @AttributeDefinition(name = "TLS keystore password", required = false, type = AttributeType.PASSWORD,
                description = "Password of the keystore.")
        String endpoint_tls_keystore__password() default "";

        @AttributeDefinition(name = "Serializers", required = false, description = "Serializer names to offer, "
                + "e.g. json, msgpack. Empty: every installed serializer.")
        String[] serializers() default {};

        @AttributeDefinition(name = "Max message size", min = "1", max = "16777216", description = "Largest "
                + "inbound message in bytes, 1..16 MiB (Crossbar's default 128 KiB). The handshake announces the "
                + "largest power of two not above it (at least 512).")
        int options_max__message__size() default RawSocketSettings.DEFAULT_MAX_MESSAGE_SIZE;

        @AttributeDefinition(name = "Min peer max message size", min = "0", description = "Refuse (handshake "
                + "error 2) a client that accepts smaller messages than this; 0 accepts any.")
        int options_min__peer__max__message__size() default 0;

        @AttributeDefinition(name = "Max connections", min = "0", description = "Refuse (handshake error 4) "
                + "connections beyond this count; 0 = unlimited.")
        int options_max__connections() default RawSocketSettings.DEFAULT_MAX_CONNECTIONS;

        @AttributeDefinition(name = "Open handshake timeout (ms)", min = "0", description = "Close a connection "
                + "whose 4-byte handshake has not arrived in time; 0 (off) or >= 1000.")
        int options_open__handshake__timeout() default RawSocketSettings.DEFAULT_OPEN_HANDSHAKE_TIMEOUT;

        @AttributeDefinition(name = "Auto-ping interval (ms)", min = "0",
                description = "Send a RawSocket PING this often; 0 (off) or >= 1000.")
        int options_auto__ping__interval() default 0;

        @AttributeDefinition(name = "Auto-ping timeout (ms)", min = "0",
                description = "Drop the connection when the PONG does not come back in time; 0 (off) or >= 1000.")
        int options_auto__ping__timeout() default 0;

        @AttributeDefinition(name = "Name hint", description = "How the console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{id}: rawsocket {endpoint.interface}:{endpoint.port}";
    }

    private final SerializerRegistry serializers = new SerializerRegistry();
    private final MissingSerializers missing = new MissingSerializers(LOG);
    private final ListenerLifecycle<RawSocketSettings, RawSocketTransport> lifecycle = new ListenerLifecycle<>(
            RawSocketSettings.PID, RawSocketSettings.TYPE, "RawSocket", LOG, new Listener());

    private volatile WampRouter router;
    volatile Duration shutdownTimeout = SHUTDOWN_TIMEOUT; // tests shorten it

    @Reference
    void bindRouter(WampRouter router) {
        this.router = router;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSerializer(Serializer serializer, Map<String, Object> properties) {
        String name = SerializerRegistry.nameOf(serializer, properties);
        serializers.add(name, serializer);
        RawSocketSettings current = lifecycle.settings();
        missing.installed(current == null ? "?" : current.id(), name);
    }

    void unbindSerializer(Serializer serializer, Map<String, Object> properties) {
        String name = SerializerRegistry.nameOf(serializer, properties);
        if (serializers.remove(name, serializer)) {
            RawSocketTransport current = lifecycle.running();
            if (current != null) {
                current.serializerRemoved(serializer);
            }
        }
    }

    @Activate
    void activate(Map<String, Object> properties) {
        lifecycle.activate(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        lifecycle.modified(properties);
    }

    @Deactivate
    void deactivate() {
        lifecycle.deactivate();
    }

    @Override
    public TransportStatus status() {
        return lifecycle.status();
    }

    /** The running transport, or {@code null} (tests). */
    RawSocketTransport transport() {
        return lifecycle.running();
    }

    /** This transport's part of the shared {@link ListenerLifecycle}. */
    private final class Listener implements ListenerLifecycle.Listener<RawSocketSettings, RawSocketTransport> {
        @Override
        public RawSocketSettings parse(Map<String, Object> properties) throws ListenerLifecycle.Refused {
            try {
                return RawSocketSettings.parse(properties);
            } catch (RawSocketSettings.RefusedException e) {
                throw new ListenerLifecycle.Refused(e.getMessage());
            }
        }

        @Override
        public void report(RawSocketSettings parsed) {
            parsed.notices().forEach(notice -> LOG.info("Transport {}: {}", parsed.id(), notice));
            missing.configured(parsed.id(), parsed.serializers(), serializers::contains);
        }

        @Override
        public RawSocketTransport start(RawSocketSettings settings) throws ListenerLifecycle.Refused {
            RawSocketTransport created = new RawSocketTransport(settings, router, serializers);
            try {
                created.start();
            } catch (RawSocketSettings.RefusedException e) {
                throw new ListenerLifecycle.Refused(e.getMessage());
            }
            return created;
        }

        @Override
        public void stop(RawSocketTransport listener) {
            listener.stop(shutdownTimeout);
        }
    }
}
