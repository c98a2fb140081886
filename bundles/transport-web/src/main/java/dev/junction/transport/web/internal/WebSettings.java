package dev.junction.transport.web.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.junction.spi.config.ConfigValidator;
import dev.junction.transport.endpoint.EndpointSettings;
import dev.junction.transport.endpoint.ListenerLifecycle;

/**
 * One validated configuration of PID {@value #PID}: where to listen (the shared {@code endpoint.*} keys, TLS
 * included, exactly as the WebSocket transport) and Crossbar's web options, flattened with dots.
 *
 * @param pid the configuration's {@code service.pid}, for messages
 * @param id the transport id (default: the configuration's instance name); path services name it in {@code transport}
 * @param endpoint where to listen
 * @param accessLog log one line per HTTP request (logger {@code dev.junction.transport.web.access})
 * @param hsts send {@code Strict-Transport-Security} on TLS responses
 * @param hstsMaxAge its {@code max-age} in seconds
 * @param clientTimeout idle timeout of HTTP connections in seconds (0: none); upgraded WebSocket connections have
 *            their own
 * @param notices INFO lines about accepted keys without effect
 */
record WebSettings(String pid, String id, EndpointSettings endpoint, boolean accessLog, boolean hsts, int hstsMaxAge,
        int clientTimeout, List<String> notices)
        implements ListenerLifecycle.Settings {

    static final String PID = "dev.junction.transport.web";
    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_HSTS_MAX_AGE = 31_536_000;
    static final Set<String> OPTION_KEYS = Set.of("options.access_log", "options.hsts", "options.hsts_max_age",
            "options.client_timeout", "options.display_tracebacks");

    /** Thrown by {@link #parse}; the message is the one log line. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    static WebSettings parse(Map<String, ?> properties) throws RefusedException {
        Object servicePid = properties.get("service.pid");
        String pid = servicePid == null ? PID : servicePid.toString();
        ConfigValidator v = new ConfigValidator(pid, properties);
        List<String> notices = new ArrayList<>();
        String id = v.string("id", "");
        if (id.isEmpty()) {
            id = ConfigValidator.instanceName(properties, PID);
        }
        v.oneOf("type", "web", "web");
        EndpointSettings endpoint = EndpointSettings.parse(v, DEFAULT_PORT, notices);
        v.onlyKnownKeys("options.", OPTION_KEYS);
        boolean accessLog = v.bool("options.access_log", false);
        boolean hsts = v.bool("options.hsts", false);
        int hstsMaxAge = v.integer("options.hsts_max_age", DEFAULT_HSTS_MAX_AGE, 0, Integer.MAX_VALUE);
        int clientTimeout = v.integer("options.client_timeout", 0, 0, Integer.MAX_VALUE);
        if (v.bool("options.display_tracebacks", false)) {
            notices.add("options.display_tracebacks=true has no effect: Junction never sends stack traces to clients");
        }
        if (hsts && !endpoint.isTls()) {
            notices.add("options.hsts=true has no effect without TLS (browsers ignore the header over http)");
        }
        if (!v.ok()) {
            throw new RefusedException(v.summary());
        }
        return new WebSettings(pid, id, endpoint, accessLog, hsts, hstsMaxAge, clientTimeout, List.copyOf(notices));
    }
}
