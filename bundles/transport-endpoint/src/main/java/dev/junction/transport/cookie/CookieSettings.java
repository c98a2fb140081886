package dev.junction.transport.cookie;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

import dev.junction.spi.config.ConfigValidator;

/**
 * A transport's cookie tracking: Crossbar's {@code cookie} block, flattened ({@code cookie.name},
 * {@code cookie.store.type}, ...). Tracking is on when the configuration has any {@code cookie.*} key, except when
 * {@code cookie.store.type} is present and empty (what the console writes for "off").
 *
 * @param name the cookie's name ({@code cbtid})
 * @param length characters of a new cookie's random id, 6..64
 * @param maxAgeSeconds the {@code max-age} of the cookie; the store forgets a cookie this long after creating it
 * @param secure append {@code Secure}
 * @param httpStrict append {@code HttpOnly}
 * @param sameSite {@code Strict}, {@code Lax}, {@code None}, or {@code null} to leave it out
 * @param storeType {@code memory} or {@code file}
 * @param storeFile the file of a {@code file} store (absolute), or {@code null}
 * @param purgeOnStartup a {@code file} store starts empty
 */
public record CookieSettings(String name, int length, long maxAgeSeconds, boolean secure, boolean httpStrict,
        String sameSite, String storeType, Path storeFile, boolean purgeOnStartup) {

    public static final String PREFIX = "cookie.";
    public static final String DEFAULT_NAME = "cbtid";
    public static final int DEFAULT_LENGTH = 24;
    /** Crossbar's code default (7 days); its documentation says one day. */
    public static final long DEFAULT_MAX_AGE = 604_800;
    /** Crossbar's checkconfig bound: 10 years of 360 days. */
    public static final long MAX_MAX_AGE = 86_400L * 360 * 10;
    public static final String STORE_MEMORY = "memory";
    public static final String STORE_FILE = "file";

    /** Every {@code cookie.*} key Junction knows; others are refused, as in Crossbar's checkconfig. */
    public static final Set<String> KEYS = Set.of("cookie.name", "cookie.length", "cookie.max_age", "cookie.secure",
            "cookie.http_strict", "cookie.same_site", "cookie.store.type", "cookie.store.filename",
            "cookie.store.purge_on_startup");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]+");

    public boolean isFileStore() {
        return STORE_FILE.equals(storeType);
    }

    /**
     * Checks the {@code cookie.*} keys; errors go to {@code v}.
     *
     * @param baseDirectory what a relative {@code cookie.store.filename} is resolved against (Karaf's data
     *            directory)
     * @return the settings, or {@code null} when tracking is off (or a key is bad)
     */
    public static CookieSettings parse(ConfigValidator v, Path baseDirectory) {
        if (v.withPrefix(PREFIX).isEmpty()
                || v.has("cookie.store.type") && String.valueOf(v.raw("cookie.store.type")).isBlank()) {
            return null;
        }
        int errors = v.errors().size();
        v.onlyKnownKeys(PREFIX, KEYS);
        String name = v.string("cookie.name", DEFAULT_NAME);
        if (!NAME.matcher(name).matches()) {
            v.error("cookie.name", name, "allowed a name matching ^[a-z][a-z0-9_]+$");
        }
        int length = v.integer("cookie.length", DEFAULT_LENGTH, 6, 64);
        long maxAge = v.integer("cookie.max_age", (int) DEFAULT_MAX_AGE, 1, (int) MAX_MAX_AGE);
        boolean secure = v.bool("cookie.secure", false);
        boolean httpStrict = v.bool("cookie.http_strict", false);
        String sameSite = v.oneOf("cookie.same_site", "", "", "Strict", "Lax", "None");
        String type = switch (v.string("cookie.store.type", STORE_MEMORY).toLowerCase(java.util.Locale.ROOT)) {
            case STORE_MEMORY -> STORE_MEMORY;
            case STORE_FILE -> STORE_FILE;
            default -> {
                v.error("cookie.store.type", v.raw("cookie.store.type"), "allowed memory|file (Crossbar's zLMDB "
                        + "database store is not supported: use file)");
                yield null;
            }
        };
        String filename = v.string("cookie.store.filename", "");
        boolean purge = v.bool("cookie.store.purge_on_startup", false);
        Path file = null;
        if (STORE_FILE.equals(type)) {
            if (filename.isBlank()) {
                v.error("cookie.store.filename", "", "required with cookie.store.type=file: a file path, relative "
                        + "to Karaf's data directory or absolute");
            } else {
                file = baseDirectory.resolve(filename).toAbsolutePath().normalize();
            }
        } else if (!filename.isBlank()) {
            v.error("cookie.store.filename", filename, "allowed only with cookie.store.type=file");
        }
        if (v.errors().size() > errors) {
            return null;
        }
        return new CookieSettings(name, length, maxAge, secure, httpStrict, sameSite.isEmpty() ? null : sameSite,
                type, file, purge);
    }

    /** Where a relative store file goes: {@code karaf.data}, else the working directory. */
    public static Path defaultBaseDirectory() {
        String data = System.getProperty("karaf.data");
        return Path.of(data == null || data.isBlank() ? "." : data);
    }
}
