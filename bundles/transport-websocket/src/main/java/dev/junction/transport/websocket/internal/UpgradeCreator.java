package dev.junction.transport.websocket.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.log.RateLimitedLog;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.WampRouter;
import dev.junction.transport.cookie.CookieTracker;
import dev.junction.transport.endpoint.EndpointConnectors;
import dev.junction.transport.endpoint.PeerAddresses;

/**
 * Answers each WebSocket upgrade request: a transport that is shutting down or has {@code max_sessions} connections
 * open answers HTTP 503; then, in Crossbar's order: origin check (HTTP 403), subprotocol choice (HTTP
 * 400), then the router's {@link dev.junction.spi.transport.WampRouter#handshake} (its status when refused).
 * Accepted: the router's response headers, the chosen subprotocol and extensions go into the 101 response, and a
 * {@link WampEndpoint} takes over. Every value is read from the transport's current settings, so a
 * {@code @Modified} change applies to the next handshake.
 */
final class UpgradeCreator implements WebSocketCreator {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeCreator.class);
    /** Refusals for max_sessions come in floods when they come: a bounded number of lines. */
    private static final RateLimitedLog LIMITS = new RateLimitedLog(LOG);
    /** Handshakes refused for what the client sent (origin, subprotocols): a client may repeat them at will. */
    private static final RateLimitedLog BAD_HANDSHAKES = new RateLimitedLog(LOG);
    static final String DEFAULT_SUBPROTOCOL = "wamp.2.json";

    private final JettyTransport transport;

    UpgradeCreator(JettyTransport transport) {
        this.transport = transport;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        TransportSettings settings = transport.settings();
        TransportSettings.Options options = settings.options();
        if (transport.closing()) {
            return refuseHere(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "This transport is shutting down");
        }
        if (settings.maxSessions() > 0 && transport.connectionCount() >= settings.maxSessions()) {
            LIMITS.warn("Transport {}: refused a WebSocket handshake: {} connections open, max_sessions={}",
                    settings.id(), transport.connectionCount(), settings.maxSessions());
            return refuseHere(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "This transport has reached its limit of " + settings.maxSessions() + " sessions");
        }

        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!transport.originPolicy().allows(origin)) {
            BAD_HANDSHAKES.info("Transport {}: refused a WebSocket handshake from {}: origin '{}' not allowed",
                    settings.id(), peerOf(request), origin);
            return refuseHere(response, callback, HttpStatus.FORBIDDEN_403,
                    "WebSocket connection denied: origin '" + origin + "' not allowed");
        }

        List<Serializer> offer = transport.offer();
        List<String> offered = request.getSubProtocols();
        Choice choice = choose(offered, offer);
        if (choice == null && offered.isEmpty() && !options.requireWebsocketSubprotocol()) {
            choice = offer.stream().filter(s -> DEFAULT_SUBPROTOCOL.equals(s.subprotocol())).findFirst()
                    .map(s -> new Choice(s, false)).orElse(null);
        }
        if (choice == null) {
            String speaks = subprotocols(offer).collect(Collectors.joining(", "));
            BAD_HANDSHAKES.info("Transport {}: refused a WebSocket handshake from {}: no common subprotocol in {}",
                    settings.id(), peerOf(request), offered);
            return refuseHere(response, callback, HttpStatus.BAD_REQUEST_400, offer.isEmpty()
                    ? "This server speaks no WebSocket subprotocol right now (no serializer available)"
                    : "This server only speaks WebSocket subprotocols " + speaks);
        }

        Serializer chosen = choice.serializer();
        String peer = PeerAddresses.describe(request.getConnectionMetaData().getRemoteSocketAddress());
        // On a TLS endpoint the HTTP connection's endpoint is Jetty's TLS endpoint: it knows the verified client chain.
        org.eclipse.jetty.io.EndPoint network = request.getConnectionMetaData().getConnection().getEndPoint();
        CookieTracker.Tracked cookie = transport.cookies().track(request);
        HandshakeRequest handshakeRequest = new HandshakeRequest(settings.id(), "websocket", peer,
                EndpointConnectors.isSecure(network), request.getHttpURI().getPath(), headers(request),
                EndpointConnectors.clientCertificates(network), chosen, settings.authConfig(),
                cookie == null ? null : cookie.cookie());
        Handshake handshake;
        try {
            handshake = transport.router().handshake(handshakeRequest);
        } catch (RuntimeException e) {
            LOG.error("Transport {}: the router failed on a handshake from {}", settings.id(), peer, e);
            return refuse(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "Internal server error");
        }
        if (!handshake.accepted()) {
            int status = handshake.refusalStatus();
            return refuse(response, callback, status >= 400 && status <= 599 ? status : 500, handshake.refusalReason());
        }

        try {
            handshake.responseHeaders().forEach(response.getHeaders()::add);
            if (cookie != null && cookie.setCookie() != null) {
                response.getHeaders().add(HttpHeader.SET_COOKIE, cookie.setCookie());
            }
            if (offered.contains(choice.subprotocol())) {
                response.setAcceptedSubProtocol(choice.subprotocol());
            }
            response.setExtensions(DeflateNegotiation.negotiate(request.getExtensions(), options.deflate()));
            WampEndpoint endpoint = new WampEndpoint(transport, handshake, chosen, choice.batched(), peer,
                    options);
            transport.pending(endpoint);
            // The upgrade can still fail after we return (the 101 cannot be written, Jetty rejects the answer): the
            // router must then hear abandon() instead of open().
            Request.addCompletionListener(request, failure -> {
                if (failure != null || response.getStatus() != HttpStatus.SWITCHING_PROTOCOLS_101) {
                    endpoint.upgradeFailed(failure);
                }
            });
            return endpoint;
        } catch (RuntimeException e) {
            handshake.abandon();
            throw e;
        }
    }

    /** A serializer and whether its messages are batched ({@link Batching}). */
    record Choice(Serializer serializer, boolean batched) {
        String subprotocol() {
            return serializer.subprotocol() + (batched ? Batching.SUFFIX : "");
        }
    }

    /**
     * The first subprotocol the client offers that is in the offer (the client's preference wins, as in Crossbar).
     * Every serializer in the offer is also spoken batched, as {@code <subprotocol>.batched}.
     */
    static Choice choose(List<String> offered, List<Serializer> offer) {
        for (String protocol : offered) {
            for (Serializer serializer : offer) {
                if (serializer.subprotocol().equals(protocol)) {
                    return new Choice(serializer, false);
                }
                if ((serializer.subprotocol() + Batching.SUFFIX).equals(protocol)) {
                    return new Choice(serializer, true);
                }
            }
        }
        return null;
    }

    /** What the offer speaks: the plain subprotocols, then their batched variants. */
    static java.util.stream.Stream<String> subprotocols(List<Serializer> offer) {
        return java.util.stream.Stream.concat(offer.stream().map(Serializer::subprotocol),
                offer.stream().map(s -> s.subprotocol() + Batching.SUFFIX));
    }

    private static String peerOf(Request request) {
        return PeerAddresses.describe(request.getConnectionMetaData().getRemoteSocketAddress());
    }

    private static Map<String, List<String>> headers(Request request) {
        return HeaderMap.of(request.getHeaders());
    }

    /** A refusal of this transport's own, before the router was asked: counted by the router, then answered. */
    private Object refuseHere(ServerUpgradeResponse response, Callback callback, int status, String reason) {
        WampRouter router = transport.router();
        if (router != null) {
            router.handshakeRefused(transport.settings().id(), "websocket", String.valueOf(status));
        }
        return refuse(response, callback, status, reason);
    }

    /** Answers the upgrade request with an HTTP error and a one-line plain-text reason, then closes. */
    static Object refuse(ServerUpgradeResponse response, Callback callback, int status, String reason) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Content.Sink.write(response, true, (reason == null ? "" : reason) + "\n", callback);
        LOG.debug("Refused a WebSocket upgrade: {} {}", status, reason);
        return null;
    }
}
