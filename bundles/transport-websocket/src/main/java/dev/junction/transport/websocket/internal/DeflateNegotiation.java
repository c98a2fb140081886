package dev.junction.transport.websocket.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.websocket.api.ExtensionConfig;

/**
 * Chooses the WebSocket extensions of a handshake. Jetty would accept every extension it knows that the client
 * offers (permessage-deflate, but also its private {@code identity} and {@code fragment}); Crossbar negotiates only
 * permessage-deflate and only when {@code options.compression} is set. So the answer is either nothing or one
 * permessage-deflate configuration built from the first acceptable client offer:
 * <ul>
 * <li>an offer asking {@code server_max_window_bits} below 15 is declined (RFC 7692 §7.1.2.1): Jetty always
 * compresses with a 15-bit window;</li>
 * <li>{@code server_no_context_takeover} is answered when the client asks for it or {@code no_context_takeover} is
 * set; {@code client_no_context_takeover} when the client offers it or {@code request_no_context_takeover} is
 * set;</li>
 * <li>{@code client_max_window_bits}, {@code max_window_bits} and {@code memory_level} cannot be expressed with
 * Jetty's extension and are not negotiated (the configuration logs a notice when they are set).</li>
 * </ul>
 */
final class DeflateNegotiation {
    static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";

    private DeflateNegotiation() {
    }

    /** The extensions to answer with: empty, or one permessage-deflate configuration. */
    static List<ExtensionConfig> negotiate(List<ExtensionConfig> offered, TransportSettings.Deflate deflate) {
        if (deflate == null || offered == null) {
            return List.of();
        }
        for (ExtensionConfig offer : offered) {
            if (!PERMESSAGE_DEFLATE.equalsIgnoreCase(offer.getName())) {
                continue;
            }
            Set<String> keys = offer.getParameterKeys();
            if (keys.contains(SERVER_MAX_WINDOW_BITS) && !allowsFullWindow(offer.getParameter(SERVER_MAX_WINDOW_BITS, ""))) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            if (keys.contains(SERVER_NO_CONTEXT_TAKEOVER) || deflate.noContextTakeover()) {
                parameters.put(SERVER_NO_CONTEXT_TAKEOVER, null);
            }
            if (keys.contains(CLIENT_NO_CONTEXT_TAKEOVER) || deflate.requestNoContextTakeover()) {
                parameters.put(CLIENT_NO_CONTEXT_TAKEOVER, null);
            }
            return List.of(new Negotiated(PERMESSAGE_DEFLATE, parameters));
        }
        return List.of();
    }

    private static boolean allowsFullWindow(String bits) {
        try {
            return bits == null || bits.isBlank() || Integer.parseInt(bits.trim()) >= 15;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An extension configuration built here (Jetty's own {@code ExtensionConfig.parse} needs a ServiceLoader). */
    private record Negotiated(String name, Map<String, String> parameters) implements ExtensionConfig {
        Negotiated {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int getParameter(String key, int defValue) {
            String value = parameters.get(key);
            return value == null ? defValue : Integer.parseInt(value);
        }

        @Override
        public String getParameter(String key, String defValue) {
            return parameters.getOrDefault(key, defValue);
        }

        @Override
        public String getParameterizedName() {
            StringBuilder text = new StringBuilder(name);
            parameters.forEach((key, value) -> {
                text.append(';').append(key);
                if (value != null) {
                    text.append('=').append(value);
                }
            });
            return text.toString();
        }

        @Override
        public Set<String> getParameterKeys() {
            return parameters.keySet();
        }

        @Override
        public Map<String, String> getParameters() {
            return parameters;
        }

        @Override
        public void setParameter(String key) {
            throw new UnsupportedOperationException("immutable");
        }

        @Override
        public void setParameter(String key, int value) {
            throw new UnsupportedOperationException("immutable");
        }

        @Override
        public void setParameter(String key, String value) {
            throw new UnsupportedOperationException("immutable");
        }
    }
}
