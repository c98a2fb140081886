package dev.junction.api;

/**
 * How a subscription's topic or a registration's procedure matches URIs ({@code match} option of SUBSCRIBE and
 * REGISTER, Advanced Profile "pattern-based subscription/registration").
 */
public enum MatchPolicy {
    EXACT("exact"), PREFIX("prefix"), WILDCARD("wildcard");

    private final String wireName;

    MatchPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The policy for an option value; {@code null} means exact. Returns {@code null} for an unknown value. */
    public static MatchPolicy fromOption(Object value) {
        if (value == null) {
            return EXACT;
        }
        for (MatchPolicy p : values()) {
            if (p.wireName.equals(value)) {
                return p;
            }
        }
        return null;
    }
}
