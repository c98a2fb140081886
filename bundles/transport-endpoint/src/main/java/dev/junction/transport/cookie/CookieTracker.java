package dev.junction.transport.cookie;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.junction.spi.transport.CookieAuth;
import dev.junction.spi.transport.TrackedCookie;

/**
 * Cookie tracking of one transport, at its HTTP upgrade: {@link #track} finds the cookie the request carries, or
 * makes a new one and says what {@code Set-Cookie} to answer with (as Crossbar: only for a missing or unknown
 * cookie, with {@code max-age} and the configured flags, without Path or Domain).
 */
public final class CookieTracker implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Letters and digits only: no quoting in a cookie header, no confusion in a file. */
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();

    private final CookieSettings settings;
    private final CookieStore local;
    private final String transport;
    private final Supplier<SharedCookieStores> shared;

    public CookieTracker(CookieSettings settings, CookieStore store) {
        this(settings, store, null, () -> null);
    }

    /**
     * A tracker that keeps its cookies in {@code shared}'s store for {@code transport} while there is one, and in
     * {@code local} otherwise.
     */
    public CookieTracker(CookieSettings settings, CookieStore local, String transport,
            Supplier<SharedCookieStores> shared) {
        this.settings = settings;
        this.local = local;
        this.transport = transport;
        this.shared = shared;
    }

    /**
     * A tracker with the store {@code settings} name ({@code memory} or {@code file}).
     *
     * @throws IOException when the store's file cannot be read or written
     */
    public static CookieTracker open(CookieSettings settings) throws IOException {
        return open(settings, null, () -> null);
    }

    /**
     * A tracker with the store {@code settings} name, replaced by a shared one for {@code transport} whenever
     * {@code shared} supplies one (a cluster's: cookies handed out while there was none are then unknown).
     *
     * @throws IOException when the store's file cannot be read or written
     */
    public static CookieTracker open(CookieSettings settings, String transport, Supplier<SharedCookieStores> shared)
            throws IOException {
        CookieStore store = settings.isFileStore()
                ? FileCookieStore.open(settings.storeFile(), settings.maxAgeSeconds(), settings.purgeOnStartup(),
                        Clock.systemUTC())
                : new MemoryCookieStore(settings.maxAgeSeconds(), Clock.systemUTC());
        return new CookieTracker(settings, store, transport, shared);
    }

    /** Where the cookies are now: the shared store if there is one, else this transport's own. */
    private CookieStore store() {
        SharedCookieStores stores = transport == null ? null : shared.get();
        return stores == null ? local : stores.store(transport, settings.maxAgeSeconds());
    }

    public CookieSettings settings() {
        return settings;
    }

    /**
     * The outcome of {@link #track}: the connection's cookie, and the {@code Set-Cookie} header value to answer
     * with, or {@code null} when the request already carried a known cookie.
     */
    public record Tracked(TrackedCookie cookie, String setCookie) {
    }

    /** @param cookieHeaders the values of the request's {@code Cookie} headers */
    public Tracked track(List<String> cookieHeaders) {
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(settings.name())) {
                    String id = unquote(pair.substring(eq + 1).trim());
                    if (store().exists(id)) {
                        return new Tracked(new Cookie(id), null);
                    }
                }
            }
        }
        String id = newId();
        store().create(id);
        return new Tracked(new Cookie(id), setCookie(id));
    }

    /** {@code cbtid=<id>;max-age=604800} plus {@code ;Secure}, {@code ;HttpOnly}, {@code ;SameSite=...}. */
    String setCookie(String id) {
        StringBuilder sb = new StringBuilder(settings.name()).append('=').append(id).append(";max-age=")
                .append(settings.maxAgeSeconds());
        if (settings.secure()) {
            sb.append(";Secure");
        }
        if (settings.httpStrict()) {
            sb.append(";HttpOnly");
        }
        if (settings.sameSite() != null) {
            sb.append(";SameSite=").append(settings.sameSite());
        }
        return sb.toString();
    }

    private String newId() {
        char[] id = new char[settings.length()];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    @Override
    public void close() {
        local.close();
    }

    /** A cookie of this tracker's store. */
    private final class Cookie implements TrackedCookie {
        private final String id;

        Cookie(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Optional<CookieAuth> auth() {
            return store().auth(id);
        }

        @Override
        public void remember(CookieAuth auth) {
            store().setAuth(id, auth);
        }

        @Override
        public void forget() {
            store().deleteAuth(id);
        }

        @Override
        public String toString() {
            return settings.name() + "=" + id;
        }
    }
}
