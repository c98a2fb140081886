package dev.junction.crossbar.internal;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crossbar's environment references in configuration values: a whole value {@code $NAME} or {@code ${NAME}}, and
 * {@code ${NAME}} inside a longer string. Values come from the import's own {@code env.NAME} keys first (so a
 * configuration can supply what the Karaf process's environment lacks), then from the environment.
 */
final class Variables {
    private static final Pattern WHOLE = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)$");
    private static final Pattern INLINE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final UnaryOperator<String> lookup;

    Variables(Map<String, String> overrides, UnaryOperator<String> environment) {
        this.lookup = name -> overrides.containsKey(name) ? overrides.get(name) : environment.apply(name);
    }

    /** Thrown for a reference to a variable that is not set. */
    static final class Unset extends Exception {
        private static final long serialVersionUID = 1L;

        Unset(String name) {
            super("environment variable " + name + " is not set");
        }
    }

    /** {@code value} with its references replaced. */
    String resolve(String value) throws Unset {
        Matcher whole = WHOLE.matcher(value);
        if (whole.matches()) {
            return required(whole.group(1));
        }
        Matcher m = INLINE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(required(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String required(String name) throws Unset {
        String v = lookup.apply(name);
        if (v == null) {
            throw new Unset(name);
        }
        return v;
    }
}
