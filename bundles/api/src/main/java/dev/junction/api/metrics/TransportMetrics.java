package dev.junction.api.metrics;

import java.util.Map;

/**
 * One listening transport as the router sees it: connections handed over, and the WAMP messages crossing the
 * router's seam (one transport message or frame per WAMP message; the transport's own framing overhead, such as
 * WebSocket headers and control frames, is not counted).
 *
 * @param id the transport id
 * @param type {@code websocket}, {@code rawsocket}, ...
 * @param connectionsOpen connections open now
 * @param connectionsTotal connections opened since the router started
 * @param handshakesRefused refused handshakes, by reason: an HTTP status (e.g. {@code "503"}) for the router's
 *            refusals and WebSocket's, the error name for RawSocket's (e.g. {@code "serializer_unsupported"})
 * @param bytesIn bytes of inbound WAMP messages
 * @param bytesOut bytes of outbound WAMP messages
 * @param messagesIn inbound WAMP messages (frames)
 * @param messagesOut outbound WAMP messages (frames)
 */
public record TransportMetrics(String id, String type, long connectionsOpen, long connectionsTotal,
        Map<String, Long> handshakesRefused, long bytesIn, long bytesOut, long messagesIn, long messagesOut) {

    public TransportMetrics {
        handshakesRefused = Map.copyOf(handshakesRefused);
    }
}
