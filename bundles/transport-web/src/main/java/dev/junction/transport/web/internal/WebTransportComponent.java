package dev.junction.transport.web.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.jetty.server.Handler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.transport.ListeningTransport;
import dev.junction.spi.transport.TransportStatus;
import dev.junction.spi.transport.WampRouter;
import dev.junction.transport.endpoint.ListenerLifecycle;
import dev.junction.transport.websocket.mount.WebSocketMount;
import dev.junction.transport.websocket.mount.WebSocketMounts;

/**
 * A listening web transport (Crossbar's {@code web}), one instance per factory configuration of
 * {@value WebSettings#PID}: the endpoint and the web options here, the {@code paths} as
 * {@value PathSettings#PID} configurations naming this transport's id. Path services are mounted as their
 * configurations come and unmounted as they go, while the port stays open. A {@code websocket} path runs the
 * WebSocket transport's code ({@link WebSocketMounts}); the HTTP bridge paths open a WAMP session of their own
 * through the router ({@link BridgeSession}).
 *
 * <p>The lifecycle is the other listeners' ({@link ListenerLifecycle}): a refused configuration or a port in use is
 * logged once and leaves the instance FAILED, disturbing nothing else; a change of {@code options.*} applies in
 * place, a change of {@code id} or {@code endpoint.*} restarts the listener (its paths are remounted, mounted
 * WebSocket sessions are wound down).
 */
@Component(name = WebSettings.PID, configurationPid = WebSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = ListeningTransport.class,
        property = ListeningTransport.TYPE + "=" + WebTransportComponent.TYPE)
@Designate(ocd = WebTransportComponent.Config.class, factory = true)
public class WebTransportComponent implements ListeningTransport {
    static final String TYPE = "web";
    private static final Logger LOG = LoggerFactory.getLogger(WebTransportComponent.class);

    @ObjectClassDefinition(name = "Junction web transport", description = "Crossbar's web transport: one port "
            + "serving path services (static files, WAMP WebSocket, redirect, json, nodeinfo, HTTP bridge). The "
            + "paths are dev.junction.transport.web.path configurations naming this transport's id.")
    @interface Config {
        @AttributeDefinition(name = "Id", required = false, description = "Transport id that path services name "
                + "in their transport key. Default: the configuration's instance name (NAME of file "
                + "dev.junction.transport.web-NAME.cfg).")
        String id() default "";

        @AttributeDefinition(name = "Type", description = "Must be web.", options = @Option(label = "Web", value = "web"))
        String type() default "web";

        @AttributeDefinition(name = "Endpoint type", options = { @Option(label = "TCP", value = "tcp"),
                @Option(label = "Unix socket", value = "unix") })
        String endpoint_type() default "tcp";

        @AttributeDefinition(name = "Port", min = "0", max = "65535",
                description = "TCP port (0 picks a free port). A string $NAME reads the environment variable NAME.")
        int endpoint_port() default WebSettings.DEFAULT_PORT;

        @AttributeDefinition(name = "Interface", required = false,
                description = "Address to listen on; \"\" or 0.0.0.0 listens on all interfaces.")
        String endpoint_interface() default "127.0.0.1";

        @AttributeDefinition(name = "Backlog", min = "1", max = "65535")
        int endpoint_backlog() default 50;

        @AttributeDefinition(name = "Unix socket path", required = false)
        String endpoint_path() default "";

        @AttributeDefinition(name = "TLS key", required = false,
                description = "PEM private key; with the certificate it switches TLS on (https, wss).")
        String endpoint_tls_key() default "";

        @AttributeDefinition(name = "TLS certificate", required = false)
        String endpoint_tls_certificate() default "";

        @AttributeDefinition(name = "TLS chain certificates", required = false)
        String[] endpoint_tls_chain__certificates() default {};

        @AttributeDefinition(name = "TLS CA certificates", required = false,
                description = "CAs of client certificates; when set, clients must present a valid one.")
        String[] endpoint_tls_ca__certificates() default {};

        @AttributeDefinition(name = "TLS ciphers", required = false)
        String endpoint_tls_ciphers() default "";

        @AttributeDefinition(name = "TLS key password", required = false, type = AttributeType.PASSWORD)
        String endpoint_tls_key__password() default "";

        @AttributeDefinition(name = "TLS keystore", required = false)
        String endpoint_tls_keystore() default "";

        @AttributeDefinition(name = "TLS keystore type", required = false)
        String endpoint_tls_keystore__type() default "";

        @AttributeDefinition(name = "TLS keystore password", required = false, type = AttributeType.PASSWORD)
        String endpoint_tls_keystore__password() default "";

        @AttributeDefinition(name = "Access log", description = "Log every HTTP request (NCSA format) to logger "
                + WebServer.ACCESS_LOGGER + ".")
        boolean options_access__log() default false;

        @AttributeDefinition(name = "HSTS", description = "Send Strict-Transport-Security on TLS responses.")
        boolean options_hsts() default false;

        @AttributeDefinition(name = "HSTS max age", min = "0", description = "max-age of the HSTS header, seconds.")
        int options_hsts__max__age() default WebSettings.DEFAULT_HSTS_MAX_AGE;

        @AttributeDefinition(name = "Client timeout", min = "0",
                description = "Close idle HTTP connections after this many seconds; 0 = never.")
        int options_client__timeout() default 0;

        @AttributeDefinition(name = "Name hint", description = "How the console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{id}: http://{endpoint.interface}:{endpoint.port}";
    }

    /** One mounted path service and how to take it down. */
    private record Mounted(String path, Handler handler, Runnable close) {
    }

    /** Guards {@link #paths}, {@link #mounted} and {@link #server}: path bindings race with (re)starts. */
    private final Object mounting = new Object();
    private final java.util.Set<WebPathComponent> paths = new java.util.LinkedHashSet<>();
    private final Map<WebPathComponent, Mounted> mounted = new LinkedHashMap<>();
    private final ListenerLifecycle<WebSettings, WebServer> lifecycle = new ListenerLifecycle<>(WebSettings.PID, TYPE,
            "web transport", LOG, new Listener());
    private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
        Thread t = Executors.defaultThreadFactory().newThread(r);
        t.setName("junction-web-bridge");
        t.setDaemon(true);
        return t;
    });

    private volatile WampRouter router;
    private volatile WebSocketMounts webSockets;
    private WebServer server;

    @Reference
    void bindRouter(WampRouter router) {
        this.router = router;
    }

    @Reference
    void bindWebSockets(WebSocketMounts webSockets) {
        this.webSockets = webSockets;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPath(WebPathComponent path) {
        synchronized (mounting) {
            paths.add(path);
            mountIfOurs(path);
        }
    }

    void unbindPath(WebPathComponent path) {
        synchronized (mounting) {
            paths.remove(path);
            unmount(path);
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
        completions.shutdown();
    }

    @Override
    public TransportStatus status() {
        return lifecycle.status(); // connections: those of the mounted WebSocket paths
    }

    /** The running server, or {@code null} (tests). */
    WebServer server() {
        return lifecycle.running();
    }

    /** This transport's part of the shared {@link ListenerLifecycle}; paths are mounted once the port is open. */
    private final class Listener implements ListenerLifecycle.Listener<WebSettings, WebServer> {
        @Override
        public WebSettings parse(Map<String, Object> properties) throws ListenerLifecycle.Refused {
            try {
                return WebSettings.parse(properties);
            } catch (WebSettings.RefusedException e) {
                throw new ListenerLifecycle.Refused(e.getMessage());
            }
        }

        @Override
        public void report(WebSettings settings) {
            settings.notices().forEach(notice -> LOG.info("Transport {}: {}", settings.id(), notice));
        }

        @Override
        public WebServer start(WebSettings settings) throws ListenerLifecycle.Refused {
            WebServer created = new WebServer(settings, WebTransportComponent.this::webSocketConnections);
            try {
                created.start();
            } catch (WebSettings.RefusedException e) {
                throw new ListenerLifecycle.Refused(e.getMessage());
            }
            synchronized (mounting) {
                server = created;
                paths.forEach(WebTransportComponent.this::mountIfOurs);
            }
            return created;
        }

        @Override
        public void stop(WebServer listener) {
            synchronized (mounting) {
                for (WebPathComponent path : List.copyOf(mounted.keySet())) {
                    unmount(path);
                }
                server = null;
            }
            listener.stop();
        }
    }

    /** Under {@link #mounting}. */
    private void mountIfOurs(WebPathComponent path) {
        WebServer running = server;
        PathSettings p = path.settings();
        if (running == null || p == null || mounted.containsKey(path)) {
            return;
        }
        String id = running.settings().id();
        if (!p.transport().equals(id)) {
            return;
        }
        for (Mounted other : mounted.values()) {
            if (other.path().equals(p.path())) {
                LOG.error("Configuration {} refused: path={} is already served on transport {} by another path "
                        + "service", p.pid(), p.path(), id);
                return;
            }
        }
        try {
            Mounted m = create(p, running);
            running.mount(p.path(), m.handler());
            mounted.put(path, m);
            LOG.info("Transport {}: {} service on {}", id, p.type(), p.path());
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
        } catch (Exception e) {
            LOG.error("Transport {}: could not mount {} on {}", id, p.type(), p.path(), e);
        }
    }

    private Mounted create(PathSettings p, WebServer running) {
        String id = running.settings().id();
        PathSettings.Service service = p.service();
        Runnable nothing = () -> {
        };
        if (service instanceof PathSettings.StaticService s) {
            return new Mounted(p.path(), SimpleHandlers.staticFiles(p.path(), s), nothing);
        }
        if (service instanceof PathSettings.RedirectService s) {
            return new Mounted(p.path(), SimpleHandlers.redirect(s), nothing);
        }
        if (service instanceof PathSettings.JsonService s) {
            return new Mounted(p.path(), SimpleHandlers.json(s), nothing);
        }
        if (service instanceof PathSettings.NodeInfoService) {
            return new Mounted(p.path(), SimpleHandlers.nodeInfo(
                    () -> WebServer.status(id, running.describeEndpoint(), mounted.size(), webSocketConnections())),
                    nothing);
        }
        if (service instanceof PathSettings.WebSocketService s) {
            Map<String, Object> props = new LinkedHashMap<>(s.properties());
            props.put("id", id);
            WebSocketMount mount = webSockets.mount(running.server(), props);
            return new Mounted(p.path(), new WebSocketPath(mount), () -> mount.stop(WebServer.SHUTDOWN_TIMEOUT));
        }
        PathSettings.BridgeService s = (PathSettings.BridgeService) service;
        WampBridge bridge = new BridgeSessions(router, id, p.path(), s.realm(), s.role(), completions);
        return new Mounted(p.path(), new BridgeHandler(id, p.path(), p.type(), s, bridge, Instant::now),
                bridge::close);
    }

    /** Under {@link #mounting}. */
    private void unmount(WebPathComponent path) {
        Mounted m = mounted.remove(path);
        if (m == null) {
            return;
        }
        m.close().run();
        try {
            if (server != null) {
                server.unmount(m.path(), m.handler());
            } else {
                m.handler().stop();
            }
        } catch (Exception e) {
            LOG.warn("Transport {}: error unmounting {}", server == null ? "?" : server.settings().id(), m.path(), e);
        }
    }

    private int webSocketConnections() {
        int n = 0;
        List<Mounted> current;
        synchronized (mounting) {
            current = List.copyOf(mounted.values());
        }
        for (Mounted m : current) {
            if (m.handler() instanceof WebSocketPath ws) {
                n += ws.mount().connectionCount();
            }
        }
        return n;
    }

    /** A mounted WebSocket endpoint's handler, remembered with its mount. */
    static final class WebSocketPath extends Handler.Wrapper {
        private final WebSocketMount mount;

        WebSocketPath(WebSocketMount mount) {
            super(mount.handler());
            this.mount = mount;
        }

        WebSocketMount mount() {
            return mount;
        }
    }
}
