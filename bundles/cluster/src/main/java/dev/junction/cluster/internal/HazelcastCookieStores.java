package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.junction.spi.transport.CookieAuth;
import dev.junction.transport.cookie.CookieStore;
import dev.junction.transport.cookie.SharedCookieStores;

/**
 * The cluster's cookie stores: one Hazelcast map per transport id ({@value #MAP_PREFIX}{@code <transport>}), so a
 * cookie handed out by one node is known, and authenticates, on every node. An entry lives {@code max_age} from its
 * creation (the map's time-to-live, measured on the cluster's clock), so expired cookies go by themselves. The maps
 * are partitioned with one backup: a cookie survives the loss of one node, not of every node (nothing is written to
 * disk; a {@code file} store's cookies are not carried over).
 */
final class HazelcastCookieStores implements SharedCookieStores {
    static final String MAP_PREFIX = "junction.cookies.";

    /** One tracked cookie as the map holds it: when it was created (cluster time, ms) and what it remembers. */
    record Entry(long createdMillis, String authid, String authrole, String authmethod, String authprovider,
            String realm, Map<String, Object> authextra) implements Serializable {

        static Entry created(long now) {
            return new Entry(now, null, null, null, null, null, null);
        }

        Entry with(CookieAuth auth) {
            return auth == null ? created(createdMillis)
                    : new Entry(createdMillis, auth.authid(), auth.authrole(), auth.authmethod(), auth.authprovider(),
                            auth.realm(), ClusterEvent.plainMap(auth.authextra()));
        }

        Optional<CookieAuth> auth() {
            return authid == null ? Optional.empty()
                    : Optional.of(new CookieAuth(authid, authrole, authmethod, authprovider, realm, authextra));
        }
    }

    private final HazelcastInstance instance;
    private final ConcurrentHashMap<String, Store> stores = new ConcurrentHashMap<>();

    HazelcastCookieStores(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public CookieStore store(String transport, long maxAgeSeconds) {
        return stores.compute(transport, (t, existing) -> existing != null && existing.maxAgeMillis == maxAgeSeconds
                * 1000 ? existing : new Store(instance.getMap(MAP_PREFIX + t), maxAgeSeconds * 1000));
    }

    /** One transport's cookies. */
    private final class Store implements CookieStore {
        private final IMap<String, Entry> map;
        private final long maxAgeMillis;

        Store(IMap<String, Entry> map, long maxAgeMillis) {
            this.map = map;
            this.maxAgeMillis = maxAgeMillis;
        }

        private long now() {
            return instance.getCluster().getClusterTime();
        }

        private Entry live(String id) {
            Entry e = map.get(id);
            return e == null || now() - e.createdMillis() >= maxAgeMillis ? null : e;
        }

        @Override
        public boolean exists(String id) {
            return live(id) != null;
        }

        @Override
        public void create(String id) {
            map.set(id, Entry.created(now()), maxAgeMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public Optional<CookieAuth> auth(String id) {
            Entry e = live(id);
            return e == null ? Optional.empty() : e.auth();
        }

        @Override
        public void setAuth(String id, CookieAuth auth) {
            update(id, auth);
        }

        @Override
        public void deleteAuth(String id) {
            update(id, null);
        }

        /** Keeps the entry's remaining time to live; an unknown or expired id is ignored, as in the local stores. */
        private void update(String id, CookieAuth auth) {
            Entry e = live(id);
            if (e == null) {
                return;
            }
            long remaining = maxAgeMillis - (now() - e.createdMillis());
            if (remaining > 0) {
                map.set(id, e.with(auth), remaining, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void close() {
            // the map belongs to the cluster, not to one transport
        }
    }
}
