package dev.junction.api;

/**
 * The two URI rules of the WAMP specification ({@code basic/building_blocks.md}, "Relaxed/Loose URIs" and
 * "Strict URIs"), chosen per realm with the realm option {@code uri_check}.
 *
 * <ul>
 * <li>{@link #STRICT}: components of {@code [0-9a-z_]}, as {@code ^([0-9a-z_]+\.)*([0-9a-z_]+)$}.</li>
 * <li>{@link #LOOSE}: components without whitespace, {@code .} or {@code #}, as
 * {@code ^([^\s\.#]+\.)*([^\s\.#]+)$}.</li>
 * </ul>
 * Patterns for prefix and wildcard matching may have empty components (the spec's second variant of each rule),
 * so {@code com..update} and {@code com.myapp.} are valid patterns but not valid URIs.
 */
public enum UriCheck {
    STRICT, LOOSE;

    /** A concrete URI: every component non-empty. */
    public boolean isValid(String uri) {
        return check(uri, false);
    }

    /**
     * A URI used with a match policy: exact needs a concrete URI, prefix and wildcard may have empty components.
     */
    public boolean isValid(String uri, MatchPolicy match) {
        return check(uri, match != MatchPolicy.EXACT);
    }

    private boolean check(String uri, boolean allowEmptyComponents) {
        if (uri == null) {
            return false;
        }
        int n = uri.length();
        if (n == 0) {
            return allowEmptyComponents;
        }
        int componentLength = 0;
        for (int i = 0; i < n; i++) {
            char c = uri.charAt(i);
            if (c == '.') {
                if (componentLength == 0 && !allowEmptyComponents) {
                    return false;
                }
                componentLength = 0;
            } else if (allowed(c)) {
                componentLength++;
            } else {
                return false;
            }
        }
        // A trailing dot leaves an empty last component; the pattern variants allow it.
        return componentLength > 0 || allowEmptyComponents;
    }

    private boolean allowed(char c) {
        if (this == STRICT) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }
        return c != '#' && !Character.isWhitespace(c);
    }

    /** Parses the realm option value {@code strict} or {@code loose}. */
    public static UriCheck fromOption(String value) {
        if ("strict".equals(value)) {
            return STRICT;
        }
        if ("loose".equals(value)) {
            return LOOSE;
        }
        throw new IllegalArgumentException("uri_check must be one of [strict, loose], was " + value);
    }
}
