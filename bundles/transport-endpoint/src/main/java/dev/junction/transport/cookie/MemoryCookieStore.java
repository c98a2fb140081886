package dev.junction.transport.cookie;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.spi.transport.CookieAuth;

/**
 * Cookies in memory: gone with the transport. An entry expires {@code max_age} after it was created, as the browser
 * drops the cookie then; expired entries are swept every {@value #SWEEP_EVERY} creations so that clients that never
 * come back do not grow the map without bound.
 */
public class MemoryCookieStore implements CookieStore {

    static final int SWEEP_EVERY = 1024;

    /** One tracked cookie: when it was created (epoch ms) and what it remembers ({@code null}: nothing). */
    record Entry(long createdMillis, CookieAuth auth) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger creations = new AtomicInteger();
    private final long maxAgeMillis;
    private final Clock clock;

    public MemoryCookieStore(long maxAgeSeconds, Clock clock) {
        this.maxAgeMillis = maxAgeSeconds * 1000;
        this.clock = clock;
    }

    @Override
    public boolean exists(String id) {
        return live(id) != null;
    }

    @Override
    public void create(String id) {
        Entry entry = new Entry(clock.millis(), null);
        entries.put(id, entry);
        written(id, entry);
        if (creations.incrementAndGet() % SWEEP_EVERY == 0) {
            entries.entrySet().removeIf(e -> expired(e.getValue()));
        }
    }

    @Override
    public Optional<CookieAuth> auth(String id) {
        Entry entry = live(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.auth());
    }

    @Override
    public void setAuth(String id, CookieAuth auth) {
        update(id, auth);
    }

    @Override
    public void deleteAuth(String id) {
        update(id, null);
    }

    @Override
    public void close() {
        entries.clear();
    }

    /** Called after every change of an entry (the file store appends it). */
    void written(String id, Entry entry) {
    }

    /** Puts an entry read back from a file, without writing it again. */
    void load(String id, Entry entry) {
        if (entry == null) {
            entries.remove(id);
        } else {
            entries.put(id, entry);
        }
    }

    /** The live entries (the file store compacts them into a new file). */
    Map<String, Entry> snapshot() {
        Map<String, Entry> live = new java.util.LinkedHashMap<>();
        entries.forEach((id, entry) -> {
            if (!expired(entry)) {
                live.put(id, entry);
            }
        });
        return live;
    }

    private void update(String id, CookieAuth auth) {
        Entry[] changed = new Entry[1];
        entries.computeIfPresent(id, (k, entry) -> {
            if (expired(entry)) {
                return null;
            }
            changed[0] = new Entry(entry.createdMillis(), auth);
            return changed[0];
        });
        if (changed[0] != null) {
            written(id, changed[0]);
        }
    }

    private Entry live(String id) {
        Entry entry = entries.get(id);
        if (entry != null && expired(entry)) {
            entries.remove(id, entry);
            return null;
        }
        return entry;
    }

    boolean expired(Entry entry) {
        return clock.millis() - entry.createdMillis() >= maxAgeMillis;
    }
}
