package dev.junction.transport.endpoint;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.junction.spi.config.ConfigValidator;

/**
 * Checks a listening transport's {@code auth.*} keys (Crossbar's {@code auth} block, flattened) when the
 * configuration is applied, so that a misspelt method or type is refused with PID, key, value and what is allowed
 * instead of surfacing as an ABORT at the first HELLO. What each method does with its keys is its bundle's business;
 * this checks names, the {@code type}, and what a method needs from the transport.
 *
 * <p>Methods of other bundles (any {@code Authenticator} service) are named {@code x_<name>}, as WAMP names custom
 * attributes: their keys are passed on unchecked, so a misspelt built-in method is still caught.
 */
public final class AuthKeys {

    /** The methods Junction implements, each in its own bundle. */
    public static final List<String> METHODS = List.of("anonymous", "ticket", "wampcra", "cryptosign", "cookie", "tls");

    private static final java.util.regex.Pattern EXTENSION = java.util.regex.Pattern.compile("x_[a-z0-9_]+");
    private static final Set<String> CROSSBAR_ONLY = Set.of("scram", "cryptosign-proxy", "anonymous-proxy");
    private static final Set<String> DYNAMIC_KEYS = Set.of("type", "authenticator", "authenticator-realm",
            "authenticator-timeout");

    private AuthKeys() {
    }

    /**
     * Checks every {@code auth.*} key; errors go to {@code v}.
     *
     * @param verifiesClientCertificates whether the endpoint asks clients for a certificate and verifies it (TLS
     *            with {@code endpoint.tls.ca_certificates}), which the {@code tls} method needs
     * @param tracksCookies whether the transport tracks cookies ({@code cookie.*}), which the {@code cookie} method
     *            needs
     * @return the {@code auth.*} keys with the prefix removed, as the router gets them
     */
    public static Map<String, Object> check(ConfigValidator v, boolean verifiesClientCertificates,
            boolean tracksCookies) {
        Map<String, Object> auth = v.withPrefix("auth.");
        Set<String> methods = new LinkedHashSet<>();
        for (String key : new TreeSet<>(auth.keySet())) {
            int dot = key.indexOf('.');
            String method = dot < 0 ? key : key.substring(0, dot);
            String full = "auth." + key;
            if (dot < 0) {
                v.error(full, shown(v, full), "a method is enabled by its keys, e.g. auth." + method + ".type=static");
            } else if (CROSSBAR_ONLY.contains(method)) {
                v.error(full, shown(v, full), "allowed methods " + String.join(", ", METHODS) + " (" + method
                        + " is not supported by Junction)");
            } else if (EXTENSION.matcher(method).matches()) {
                continue; // another bundle's method: its keys are its own
            } else if (!METHODS.contains(method)) {
                v.error(full, shown(v, full), "allowed methods " + String.join(", ", METHODS)
                        + ", or x_<name> for a method of another bundle");
            } else {
                methods.add(method);
                checkKey(v, method, key.substring(dot + 1));
            }
        }
        for (String method : methods) {
            checkType(v, method);
        }
        if (methods.contains("tls") && !verifiesClientCertificates) {
            v.error("auth.tls.type", v.raw("auth.tls.type"), "the tls method needs an endpoint that verifies client "
                    + "certificates: TLS with endpoint.tls.ca_certificates");
        }
        if (methods.contains("cookie")) {
            if (!tracksCookies) {
                v.error("auth.cookie.type", v.raw("auth.cookie.type"),
                        "the cookie method needs cookie tracking (cookie.* keys of a WebSocket transport)");
            }
            if (methods.size() == 1) {
                v.error("auth.cookie.type", v.raw("auth.cookie.type"), "the cookie method needs at least one other "
                        + "method, by which clients first authenticate (e.g. auth.ticket.type=static)");
            }
        }
        return auth;
    }

    private static void checkKey(ConfigValidator v, String method, String name) {
        String full = "auth." + method + "." + name;
        Set<String> known = switch (method) {
            case "anonymous" -> Set.of("type", "role");
            case "cookie" -> Set.of("type");
            default -> DYNAMIC_KEYS;
        };
        if (!known.contains(name)) {
            String hint = name.startsWith("principals")
                    ? " (static principals are dev.junction.auth.principal configurations)"
                    : "";
            v.error(full, shown(v, full), "allowed keys of auth." + method + ": " + String.join(", ", new TreeSet<>(known))
                    + hint);
        }
    }

    private static void checkType(ConfigValidator v, String method) {
        String key = "auth." + method + ".type";
        String raw = v.string(key, "static");
        if ("function".equalsIgnoreCase(raw)) {
            v.error(key, raw, "allowed " + (canBeDynamic(method) ? "static|dynamic" : "static")
                    + " (Crossbar's function authenticators are Python code run inside the router; use type=dynamic "
                    + "with a procedure registered by a trusted component)");
            return;
        }
        String type = canBeDynamic(method) ? v.oneOf(key, "static", "static", "dynamic") : v.oneOf(key, "static", "static");
        if ("dynamic".equals(type)) {
            String procedure = v.string("auth." + method + ".authenticator", "");
            if (procedure.isEmpty()) {
                v.error("auth." + method + ".authenticator", v.raw("auth." + method + ".authenticator"),
                        "required with auth." + method + ".type=dynamic: the URI of the authenticator procedure");
            }
            v.integer("auth." + method + ".authenticator-timeout", 10_000, 1, Integer.MAX_VALUE);
        }
    }

    /** A key's value for a message: only a {@code type} is shown, since an unknown key may hold a secret. */
    private static Object shown(ConfigValidator v, String key) {
        return key.endsWith(".type") ? v.raw(key) : "(not shown)";
    }

    private static boolean canBeDynamic(String method) {
        return !method.equals("anonymous") && !method.equals("cookie");
    }
}
