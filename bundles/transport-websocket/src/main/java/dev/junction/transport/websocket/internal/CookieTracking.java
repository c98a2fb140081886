package dev.junction.transport.websocket.internal;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.slf4j.LoggerFactory;

import dev.junction.spi.config.ConfigValidator;
import dev.junction.spi.log.RateLimitedLog;
import dev.junction.transport.cookie.CookieSettings;
import dev.junction.transport.cookie.CookieTracker;
import dev.junction.transport.cookie.SharedCookieStores;

/**
 * The cookie tracking of one running transport ({@code cookie.*} keys): the {@link CookieTracker} of its current
 * settings, kept across configuration updates that do not change them (a memory store would lose its cookies), and
 * closed with the transport.
 */
final class CookieTracking implements AutoCloseable {
    /** A failing store fails every handshake: a bounded number of lines. */
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LoggerFactory.getLogger(CookieTracking.class));

    private final Supplier<SharedCookieStores> shared;
    private volatile CookieTracker tracker;

    /** @param shared the cluster's shared cookie stores while there are, else {@code null} */
    CookieTracking(Supplier<SharedCookieStores> shared) {
        this.shared = shared;
    }

    /**
     * Follows {@code settings.cookie()}: opens a new tracker when they changed, then closes the old one.
     *
     * @throws TransportSettings.RefusedException when the store's file cannot be read or written
     */
    synchronized void update(TransportSettings settings) throws TransportSettings.RefusedException {
        CookieSettings wanted = settings.cookie();
        CookieTracker current = tracker;
        if (current == null ? wanted == null : current.settings().equals(wanted)) {
            return;
        }
        CookieTracker next = null;
        if (wanted != null) {
            try {
                next = CookieTracker.open(wanted, settings.id(), shared);
            } catch (IOException | RuntimeException e) {
                throw new TransportSettings.RefusedException(ConfigValidator.refusal(settings.pid(),
                        "cookie.store.filename=" + wanted.storeFile() + ": the cookie store cannot be read or "
                                + "written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
            }
        }
        tracker = next;
        if (current != null) {
            current.close();
        }
    }

    /**
     * The cookie of an upgrade request, or {@code null} when this transport does not track cookies, or when its store
     * fails (a full disk): the connection then proceeds untracked rather than being refused.
     */
    CookieTracker.Tracked track(Request request) {
        CookieTracker current = tracker;
        if (current == null) {
            return null;
        }
        List<String> cookies = request.getHeaders().getValuesList(HttpHeader.COOKIE);
        try {
            return current.track(cookies);
        } catch (RuntimeException e) {
            FAILURES.warn("Cookie tracking failed; the connection proceeds without a cookie: {}", e.toString());
            return null;
        }
    }

    @Override
    public synchronized void close() {
        CookieTracker current = tracker;
        tracker = null;
        if (current != null) {
            current.close();
        }
    }
}
