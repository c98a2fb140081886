package dev.junction.router.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.junction.api.MatchPolicy;

/**
 * One line of a role's {@code permissions}: a URI rule with the actions it allows and how it discloses identities.
 * Metatype cannot hold Crossbar's nested permission objects, so each is one line:
 *
 * <pre>
 * &lt;uri&gt; [match=exact|prefix|wildcard] [allow=call,register,publish,subscribe|all|none]
 *       [disclose=caller,publisher] [conceal=caller,publisher] [cache=true|false]
 * </pre>
 *
 * Without {@code match}, the URI is in Crossbar's starred form: no {@code *} is exact, one trailing {@code *} a
 * prefix ({@code com.example.*} is the prefix {@code com.example.}, {@code *} alone everything), any other {@code *}
 * a wildcard component ({@code com.*.get} is {@code com..get}). With {@code match}, the URI is taken as written. Unlisted
 * actions are denied. {@code disclose} is Crossbar's {@code disclose: {caller|publisher: true}}; {@code conceal}
 * refuses {@code disclose_me}; with neither, identity is disclosed on the client's request. {@code cache} is
 * accepted for Crossbar compatibility: static decisions are always cached, since they depend on the URI alone.
 *
 * @param uri the URI as matched (starred form converted)
 * @param match how {@code uri} matches; {@code null} only for {@link #DENY_ALL}
 */
record Permission(String uri, MatchPolicy match, Set<Action> allowed, Disclosure caller, Disclosure publisher,
        boolean cache) {

    /** What applies when no line matches: deny everything (Crossbar's default permissions). */
    static final Permission DENY_ALL = new Permission(null, null, Set.of(), Disclosure.ON_REQUEST,
            Disclosure.ON_REQUEST, true);

    Decision decide(Action action) {
        boolean allow = allowed.contains(action);
        if (!allow) {
            return Decision.DENIED;
        }
        return new Decision(true, switch (action) {
            case CALL -> caller;
            case PUBLISH -> publisher;
            default -> Disclosure.ON_REQUEST;
        }, false);
    }

    /** Parses one line; throws {@link IllegalArgumentException} saying what is wrong and what is allowed. */
    static Permission parse(String line) {
        String[] tokens = line.trim().split("\\s+");
        if (tokens.length == 0 || tokens[0].isEmpty() || tokens[0].contains("=")) {
            throw new IllegalArgumentException("'" + line + "' must start with a URI, e.g. 'com.example.* allow=call'");
        }
        String uri = tokens[0];
        MatchPolicy match = null;
        Set<Action> allowed = EnumSet.noneOf(Action.class);
        Disclosure caller = Disclosure.ON_REQUEST;
        Disclosure publisher = Disclosure.ON_REQUEST;
        boolean cache = false;
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + token + "' in '" + line + "' is not key=value; allowed keys "
                        + "match, allow, disclose, conceal, cache");
            }
            String key = token.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = token.substring(eq + 1);
            switch (key) {
                case "match" -> {
                    match = MatchPolicy.fromOption(value);
                    if (match == null) {
                        throw new IllegalArgumentException("match=" + value + " in '" + line
                                + "': allowed exact, prefix, wildcard");
                    }
                }
                case "allow" -> allowed = actions(value, line);
                case "disclose", "conceal" -> {
                    Disclosure d = key.equals("disclose") ? Disclosure.ALWAYS : Disclosure.NEVER;
                    for (String who : list(value)) {
                        switch (who) {
                            case "caller" -> caller = d;
                            case "publisher" -> publisher = d;
                            default -> throw new IllegalArgumentException(key + "=" + value + " in '" + line
                                    + "': allowed caller, publisher");
                        }
                    }
                }
                case "cache" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("cache=" + value + " in '" + line + "': allowed true, false");
                    }
                    cache = Boolean.parseBoolean(value);
                }
                default -> throw new IllegalArgumentException("unknown key '" + key + "' in '" + line
                        + "'; allowed match, allow, disclose, conceal, cache");
            }
        }
        if (match == null) {
            // Crossbar's (autobahn's) starred URIs
            long stars = uri.chars().filter(c -> c == '*').count();
            if (stars == 0) {
                match = MatchPolicy.EXACT;
            } else if (stars == 1 && uri.endsWith("*")) {
                match = MatchPolicy.PREFIX;
                uri = uri.substring(0, uri.length() - 1);
            } else {
                match = MatchPolicy.WILDCARD;
                uri = uri.replace("*", "");
            }
        } else if (uri.contains("*")) {
            throw new IllegalArgumentException("'" + uri + "' in '" + line + "': with match= the URI is taken as "
                    + "written and cannot contain '*' (write com..get for a wildcard component)");
        }
        return new Permission(uri, match, Set.copyOf(allowed), caller, publisher, cache);
    }

    private static Set<Action> actions(String value, String line) {
        if (value.equals("all")) {
            return EnumSet.allOf(Action.class);
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        if (value.equals("none")) {
            return actions;
        }
        for (String name : list(value)) {
            Action a = Action.named(name);
            if (a == null) {
                throw new IllegalArgumentException("allow=" + value + " in '" + line
                        + "': allowed call, register, publish, subscribe (comma-separated), all, none");
            }
            actions.add(a);
        }
        return actions;
    }

    private static String[] list(String value) {
        return value.split(",", -1);
    }
}
