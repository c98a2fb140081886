package dev.junction.transport.websocket.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code options.allowed_origins} and {@code options.allow_null_origin}, as autobahn applies them: a request without
 * an {@code Origin} header (a non-browser client) is allowed; {@code Origin: null} is allowed when
 * {@code allow_null_origin}; any other origin must match one of the patterns, where {@code *} matches any run of
 * characters ({@code https://*.example.com}) and {@code *} alone matches everything. Matching ignores case.
 */
final class OriginPolicy {

    private final List<Pattern> patterns;
    private final boolean allowNull;

    OriginPolicy(List<String> allowedOrigins, boolean allowNullOrigin) {
        this.patterns = allowedOrigins.stream().map(OriginPolicy::compile).toList();
        this.allowNull = allowNullOrigin;
    }

    /** Whether a handshake carrying this {@code Origin} header (or {@code null} when absent) may proceed. */
    boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String trimmed = origin.trim();
        if ("null".equals(trimmed)) {
            return allowNull;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        return patterns.stream().anyMatch(p -> p.matcher(lower).matches());
    }

    private static Pattern compile(String wildcard) {
        String[] literals = wildcard.toLowerCase(Locale.ROOT).split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
