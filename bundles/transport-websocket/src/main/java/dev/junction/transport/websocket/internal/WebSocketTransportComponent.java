package dev.junction.transport.websocket.internal;

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
import dev.junction.transport.cookie.CookieSettings;
import dev.junction.transport.endpoint.ListenerLifecycle;
import dev.junction.transport.endpoint.MissingSerializers;
import dev.junction.transport.endpoint.SerializerRegistry;

/**
 * A listening WAMP-over-WebSocket transport, one instance per factory configuration of PID
 * {@value TransportSettings#PID}.
 *
 * <p><b>Configuration.</b> The properties are checked in code by {@link TransportSettings#parse} (ConfigAdmin does
 * not check values against the Metatype below, which only describes them for the console). A refused configuration
 * is logged once at ERROR with PID, key, value and what is allowed; the instance then stays FAILED without a socket
 * and without throwing, so no other transport is disturbed. A port in use is reported the same way.
 *
 * <p><b>Updates.</b> {@link #modified} applies in place whatever needs no new socket (options, origins,
 * serializers, debug, auth): the next handshake uses it, open connections keep what they started with. When
 * {@code id} or an {@code endpoint.*} key changes, it stops the listener (winding sessions down as on deactivate)
 * and starts a new one inside the same component instance. Doing it here rather than leaving those keys out of a
 * {@code @Modified} contract keeps one code path for "the configuration changed", lets a FAILED instance retry
 * with a corrected configuration, and keeps the old listener running when an update is refused.
 *
 * <p><b>References.</b> The router is static and mandatory: when it goes away the instance deactivates (sessions
 * are wound down, the socket closes) and comes back with it. Serializers are dynamic: the offer is always the
 * configured names that are registered right now; when one goes away its sessions are wound down at once.
 */
@Component(name = TransportSettings.PID, configurationPid = TransportSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = ListeningTransport.class,
        property = ListeningTransport.TYPE + "=" + WebSocketTransportComponent.TYPE)
@Designate(ocd = WebSocketTransportComponent.Config.class, factory = true)
public class WebSocketTransportComponent implements ListeningTransport {
    static final String TYPE = "websocket";

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransportComponent.class);

    /** The bound on deactivation: sessions get this long, in total, to say GOODBYE before the sockets close. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    @ObjectClassDefinition(name = "Junction WebSocket transport",
            description = "A listening WAMP-over-WebSocket transport (Crossbar's \"websocket\" transport). One "
                    + "configuration per listener; Crossbar's nested keys are flattened with dots.")
    @interface Config {

        @AttributeDefinition(name = "Id", required = false, description = "Transport id handed to the router and "
                + "shown in logs. Default: the configuration's instance name (NAME of PID ~NAME or of file "
                + "dev.junction.transport.websocket-NAME.cfg).")
        String id() default "";

        @AttributeDefinition(name = "Type", description = "Must be websocket.",
                options = @Option(label = "WebSocket", value = "websocket"))
        String type() default TransportSettings.DEFAULT_TYPE;

        @AttributeDefinition(name = "Debug", description = "Log every message in and out at INFO, with its size.")
        boolean debug() default false;

        @AttributeDefinition(name = "Endpoint type", description = "Listen on a TCP port or on a unix socket.",
                options = { @Option(label = "TCP", value = "tcp"), @Option(label = "Unix socket", value = "unix") })
        String endpoint_type() default TransportSettings.DEFAULT_ENDPOINT_TYPE;

        @AttributeDefinition(name = "Port", min = "0", max = "65535", description = "TCP port, 1..65535 "
                + "(0 picks a free port). A string $NAME reads the environment variable NAME.")
        int endpoint_port() default TransportSettings.DEFAULT_PORT;

        @AttributeDefinition(name = "Interface", required = false, description = "Address to listen on. Default "
                + "127.0.0.1 so that a transport created in the console is not exposed by accident; \"\" or "
                + "0.0.0.0 listens on all interfaces.")
        String endpoint_interface() default TransportSettings.DEFAULT_INTERFACE;

        @AttributeDefinition(name = "Backlog", min = "1", max = "65535",
                description = "Accept queue size of the listening socket, 1..65535.")
        int endpoint_backlog() default TransportSettings.DEFAULT_BACKLOG;

        @AttributeDefinition(name = "Unix socket path", required = false,
                description = "Path of the unix socket; required with endpoint type unix, only allowed then.")
        String endpoint_path() default "";

        @AttributeDefinition(name = "TLS key", required = false, description = "PEM private key (PKCS#1, PKCS#8, "
                + "encrypted PKCS#8, EC). Setting it (with the certificate) switches TLS on (wss).")
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

        @AttributeDefinition(name = "URL", required = false, description = "Public ws:// or wss:// URL of this "
                + "transport (informational). Query parameters are not allowed.")
        String url() default "";

        @AttributeDefinition(name = "Serializers", required = false, description = "Serializer names to offer, "
                + "e.g. json, msgpack (comma or space separated in a .cfg file). Empty: every installed serializer. "
                + "A name that is not installed is offered once it is.")
        String[] serializers() default {};

        @AttributeDefinition(name = "Max frame size", min = "0",
                description = "Largest inbound frame payload in bytes; 0 = unlimited. Bigger frames close with "
                        + "1009. Outbound frames are also cut at this size.")
        int options_max__frame__size() default 0;

        @AttributeDefinition(name = "Max message size", min = "0", max = "67108864",
                description = "Largest inbound message in bytes, 1..64 MiB, or 0 (unlimited: one peer can then make "
                        + "the router buffer without bound). Bigger messages close the connection with 1009.")
        int options_max__message__size() default TransportSettings.DEFAULT_MAX_MESSAGE_SIZE;

        @AttributeDefinition(name = "Auto fragment size", min = "0",
                description = "Cut outbound messages into frames of at most this many bytes; 0 = off.")
        int options_auto__fragment__size() default 0;

        @AttributeDefinition(name = "Open handshake timeout (ms)", min = "0",
                description = "Idle timeout of a connection before its WebSocket upgrade completes; 0 (off) or "
                        + ">= 1000.")
        int options_open__handshake__timeout() default TransportSettings.DEFAULT_OPEN_HANDSHAKE_TIMEOUT;

        @AttributeDefinition(name = "Max sessions", min = "0", description = "Open connections this transport "
                + "accepts; one more WebSocket handshake gets HTTP 503. 0 = unlimited.")
        int max__sessions() default TransportSettings.DEFAULT_MAX_SESSIONS;

        @AttributeDefinition(name = "Close handshake timeout (ms)", min = "0", description = "Drop the connection "
                + "when the peer does not answer our close frame in time; 0 (off) or >= 1000.")
        int options_close__handshake__timeout() default TransportSettings.DEFAULT_CLOSE_HANDSHAKE_TIMEOUT;

        @AttributeDefinition(name = "Auto-ping interval (ms)", min = "0",
                description = "Send a WebSocket ping this often; 0 (off) or >= 1000.")
        int options_auto__ping__interval() default 0;

        @AttributeDefinition(name = "Auto-ping timeout (ms)", min = "0", description = "Drop the connection when "
                + "the pong does not come back in time; 0 (off) or >= 1000.")
        int options_auto__ping__timeout() default 0;

        @AttributeDefinition(name = "Auto-ping size", min = "12", max = "125",
                description = "Ping payload size in bytes, 12..125.")
        int options_auto__ping__size() default TransportSettings.DEFAULT_AUTO_PING_SIZE;

        @AttributeDefinition(name = "Any traffic answers a ping",
                description = "Any inbound message counts as the answer to a pending auto-ping.")
        boolean options_auto__ping__restart__on__any__traffic() default true;

        @AttributeDefinition(name = "Require WebSocket subprotocol", description = "Refuse (HTTP 400) a client "
                + "that offers no supported wamp.2.* subprotocol. When off, a client that offers none gets JSON.")
        boolean options_require__websocket__subprotocol() default true;

        @AttributeDefinition(name = "Allowed origins", description = "Origin patterns browsers may connect from; "
                + "* is a wildcard (https://*.example.com); * alone allows all. Others get HTTP 403.")
        String[] options_allowed__origins() default { "*" };

        @AttributeDefinition(name = "Allow null origin", description = "Accept Origin: null (file:// pages, "
                + "sandboxed frames).")
        boolean options_allow__null__origin() default true;

        @AttributeDefinition(name = "Web status page",
                description = "Answer a plain HTTP GET with a small HTML status page (else 426 Upgrade Required).")
        boolean options_enable__webstatus() default true;

        @AttributeDefinition(name = "Show server version",
                description = "Send Server: Junction/<version> instead of Server: Junction.")
        boolean options_show__server__version() default false;

        @AttributeDefinition(name = "TCP_NODELAY", description = "Disable Nagle's algorithm on accepted sockets.")
        boolean options_tcp__nodelay() default true;

        @AttributeDefinition(name = "Validate UTF-8", description = "Inbound text messages are always validated "
                + "(close 1007), since their payloads reach other sessions undecoded; false is accepted for Crossbar "
                + "compatibility but cannot be honoured.")
        boolean options_validate__utf8() default true;

        @AttributeDefinition(name = "Fail by drop", description = "On a WebSocket protocol error drop the TCP "
                + "connection instead of sending a close frame.")
        boolean options_fail__by__drop() default false;

        @AttributeDefinition(name = "Echo close code and reason", description = "Answer a client's close frame "
                + "with its code and reason; otherwise with 1000 and no reason.")
        boolean options_echo__close__codereason() default false;

        @AttributeDefinition(name = "Compression", description = "permessage-deflate (RFC 7692) when a client "
                + "offers it, or none.",
                options = { @Option(label = "None", value = "none"), @Option(label = "Deflate", value = "deflate") })
        String options_compression() default TransportSettings.COMPRESSION_NONE;

        @AttributeDefinition(name = "Deflate: request no context takeover",
                description = "Ask the client to compress every message on its own (client_no_context_takeover).")
        boolean options_compression_deflate_request__no__context__takeover() default false;

        @AttributeDefinition(name = "Deflate: request max window bits", min = "0", max = "15",
                description = "0 (do not request) or 9..15. Jetty cannot negotiate it: logged and ignored.")
        int options_compression_deflate_request__max__window__bits() default 0;

        @AttributeDefinition(name = "Deflate: no context takeover", description = "Compress every outbound "
                + "message on its own (server_no_context_takeover); off follows the client's offer.")
        boolean options_compression_deflate_no__context__takeover() default false;

        @AttributeDefinition(name = "Deflate: max window bits", min = "0", max = "15",
                description = "0 (zlib default) or 9..15. Jetty always uses 15: logged and ignored.")
        int options_compression_deflate_max__window__bits() default 0;

        @AttributeDefinition(name = "Deflate: memory level", min = "0", max = "9",
                description = "0 (zlib default) or 1..9. Jetty cannot set it: logged and ignored.")
        int options_compression_deflate_memory__level() default 0;

        @AttributeDefinition(name = "Cookie tracking: store", required = false, description = "Crossbar's "
                + "cookie.store.type. Empty: no cookie tracking. memory: cookies live as long as the transport. file: "
                + "an append-only file that survives restarts (cookie.store.filename). In a .cfg file any cookie.* "
                + "key switches tracking on, with the memory store by default.",
                options = { @Option(label = "Off", value = ""), @Option(label = "Memory", value = "memory"),
                        @Option(label = "File", value = "file") })
        String cookie_store_type() default "";

        @AttributeDefinition(name = "Cookie store file", required = false, description = "The file of the file "
                + "store, relative to Karaf's data directory (${karaf.data}) or absolute; one file per transport.")
        String cookie_store_filename() default "";

        @AttributeDefinition(name = "Cookie store: purge on startup",
                description = "Start the file store empty, forgetting every cookie.")
        boolean cookie_store_purge__on__startup() default false;

        @AttributeDefinition(name = "Cookie name", description = "Name of the tracking cookie; matches "
                + "^[a-z][a-z0-9_]+$.")
        String cookie_name() default CookieSettings.DEFAULT_NAME;

        @AttributeDefinition(name = "Cookie length", min = "6", max = "64",
                description = "Characters of a new cookie's random id, 6..64.")
        int cookie_length() default CookieSettings.DEFAULT_LENGTH;

        @AttributeDefinition(name = "Cookie max age (s)", min = "1", max = "311040000", description = "max-age "
                + "of the cookie, in seconds; the store forgets a cookie this long after creating it. Crossbar's "
                + "code default: 7 days.")
        int cookie_max__age() default (int) CookieSettings.DEFAULT_MAX_AGE;

        @AttributeDefinition(name = "Cookie Secure", description = "Add the Secure attribute (HTTPS only).")
        boolean cookie_secure() default false;

        @AttributeDefinition(name = "Cookie HttpOnly", description = "Add the HttpOnly attribute (no JavaScript "
                + "access) - Crossbar's http_strict.")
        boolean cookie_http__strict() default false;

        @AttributeDefinition(name = "Cookie SameSite", required = false, description = "The SameSite attribute, "
                + "or empty for none.", options = { @Option(label = "(none)", value = ""),
                        @Option(label = "Strict", value = "Strict"), @Option(label = "Lax", value = "Lax"),
                        @Option(label = "None", value = "None") })
        String cookie_same__site() default "";

        @AttributeDefinition(name = "Name hint", description = "How the console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{id}: ws://{endpoint.interface}:{endpoint.port}";
    }

    private final SerializerRegistry serializers = new SerializerRegistry();
    private final MissingSerializers missing = new MissingSerializers(LOG);
    private final ListenerLifecycle<TransportSettings, JettyTransport> lifecycle = new ListenerLifecycle<>(
            TransportSettings.PID, TYPE, "WebSocket", LOG, new Listener());

    private volatile WampRouter router;
    /** A cluster's cookie store, when one is installed: cookies are then known on every node. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile dev.junction.transport.cookie.SharedCookieStores sharedCookies;
    volatile Duration shutdownTimeout = SHUTDOWN_TIMEOUT; // tests shorten it

    @Reference
    void bindRouter(WampRouter router) {
        this.router = router;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSerializer(Serializer serializer, Map<String, Object> properties) {
        String name = SerializerRegistry.nameOf(serializer, properties);
        serializers.add(name, serializer);
        TransportSettings current = lifecycle.settings();
        missing.installed(current == null ? "?" : current.id(), name);
    }

    void unbindSerializer(Serializer serializer, Map<String, Object> properties) {
        String name = SerializerRegistry.nameOf(serializer, properties);
        if (serializers.remove(name, serializer)) {
            JettyTransport current = lifecycle.running();
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
    JettyTransport transport() {
        return lifecycle.running();
    }

    /** This transport's part of the shared {@link ListenerLifecycle}. */
    private final class Listener implements ListenerLifecycle.Listener<TransportSettings, JettyTransport> {
        @Override
        public TransportSettings parse(Map<String, Object> properties) throws ListenerLifecycle.Refused {
            try {
                return TransportSettings.parse(properties);
            } catch (TransportSettings.RefusedException e) {
                throw new ListenerLifecycle.Refused(e.getMessage());
            }
        }

        /** Logs the notices of a configuration and, once, every configured serializer that is not installed. */
        @Override
        public void report(TransportSettings parsed) {
            parsed.notices().forEach(notice -> LOG.info("Transport {}: {}", parsed.id(), notice));
            missing.configured(parsed.id(), parsed.serializers(), serializers::contains);
        }

        @Override
        public JettyTransport start(TransportSettings settings) throws ListenerLifecycle.Refused {
            JettyTransport created = new JettyTransport(settings, router, serializers, () -> sharedCookies);
            try {
                created.start();
            } catch (TransportSettings.RefusedException e) {
                throw new ListenerLifecycle.Refused(e.getMessage());
            }
            return created;
        }

        @Override
        public void stop(JettyTransport listener) {
            listener.stop(shutdownTimeout);
        }
    }
}
