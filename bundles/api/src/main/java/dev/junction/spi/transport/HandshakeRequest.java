package dev.junction.spi.transport;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import dev.junction.spi.serializer.Serializer;

/**
 * What a transport knows about a connection when it asks the router to accept it.
 *
 * @param transportId the id of the listening transport (its configuration's {@code id})
 * @param transportType {@code websocket}, {@code rawsocket}, ...
 * @param peer the remote end as Crossbar writes it: {@code tcp4:127.0.0.1:52124}, {@code tcp6:[::1]:52124},
 *            {@code unix}
 * @param secure whether the connection runs over TLS
 * @param path the HTTP request path (WebSocket), or {@code null}
 * @param headers the HTTP request headers with lower-case names (WebSocket), or an empty map
 * @param clientCertificates the client's verified certificate chain, or an empty list
 * @param serializer the serializer the transport negotiated for this connection
 * @param authConfig the transport's {@code auth} configuration, flattened ({@code ticket.type}, ...); empty means
 *            anonymous access, as in Crossbar
 * @param cookie the tracking cookie of the connection, or {@code null} when the transport does not track cookies
 *            (added in 1.2.0)
 */
public record HandshakeRequest(String transportId, String transportType, String peer, boolean secure, String path,
        Map<String, List<String>> headers, List<X509Certificate> clientCertificates, Serializer serializer,
        Map<String, Object> authConfig, TrackedCookie cookie) {

    /** A connection without a tracking cookie (the 1.1 form). */
    public HandshakeRequest(String transportId, String transportType, String peer, boolean secure, String path,
            Map<String, List<String>> headers, List<X509Certificate> clientCertificates, Serializer serializer,
            Map<String, Object> authConfig) {
        this(transportId, transportType, peer, secure, path, headers, clientCertificates, serializer, authConfig,
                null);
    }

    /** The first value of a header (name in lower case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
