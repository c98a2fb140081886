package dev.junction.transport.websocket.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.WampRouter;
import dev.junction.transport.endpoint.SerializerRegistry;
import dev.junction.transport.websocket.mount.WebSocketMount;
import dev.junction.transport.websocket.mount.WebSocketMounts;

/**
 * The WebSocket transport's upgrade handling for other transports' servers ({@link WebSocketMounts}): each mount is
 * a {@link JettyTransport} in mounted mode, so a web transport's {@code websocket} path runs exactly the code (and
 * takes exactly the keys) of a {@code dev.junction.transport.websocket} listener. Serializers are tracked as a
 * listener tracks them; when this component goes (router gone, bundle stopping) every mount is wound down.
 */
@Component(service = WebSocketMounts.class)
public class WebSocketMountsComponent implements WebSocketMounts {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketMountsComponent.class);

    private final SerializerRegistry serializers = new SerializerRegistry();
    private final Set<JettyTransport> mounted = ConcurrentHashMap.newKeySet();
    private volatile WampRouter router;
    /** A cluster's cookie store, when one is installed: cookies are then known on every node. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile dev.junction.transport.cookie.SharedCookieStores sharedCookies;

    @Reference
    void bindRouter(WampRouter router) {
        this.router = router;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSerializer(Serializer serializer, Map<String, Object> properties) {
        serializers.add(SerializerRegistry.nameOf(serializer, properties), serializer);
    }

    void unbindSerializer(Serializer serializer, Map<String, Object> properties) {
        if (serializers.remove(SerializerRegistry.nameOf(serializer, properties), serializer)) {
            mounted.forEach(transport -> transport.serializerRemoved(serializer));
        }
    }

    @Deactivate
    void deactivate() {
        for (JettyTransport transport : Set.copyOf(mounted)) {
            transport.stop(WebSocketTransportComponent.SHUTDOWN_TIMEOUT);
        }
        mounted.clear();
    }

    @Override
    public void check(Map<String, ?> properties) {
        parse(properties);
    }

    @Override
    public WebSocketMount mount(Server host, Map<String, ?> properties) {
        TransportSettings settings = parse(properties);
        settings.notices().forEach(notice -> LOG.info("Transport {}: {}", settings.id(), notice));
        JettyTransport transport = new JettyTransport(settings, router, serializers, () -> sharedCookies);
        Handler handler;
        try {
            handler = transport.mount(host);
        } catch (TransportSettings.RefusedException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        mounted.add(transport);
        return new WebSocketMount() {
            @Override
            public Handler handler() {
                return handler;
            }

            @Override
            public void update(Map<String, ?> newProperties) {
                transport.apply(parse(newProperties));
            }

            @Override
            public int connectionCount() {
                return transport.connectionCount();
            }

            @Override
            public void stop(Duration timeout) {
                if (mounted.remove(transport)) {
                    transport.stop(timeout);
                }
            }
        };
    }

    private static TransportSettings parse(Map<String, ?> properties) {
        try {
            return TransportSettings.parse(properties);
        } catch (TransportSettings.RefusedException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
