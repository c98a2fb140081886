package dev.junction.transport.cookie;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import dev.junction.spi.transport.CookieAuth;

/**
 * What a transport's tracked cookies remember: which ids were handed out (and when, for {@code max_age}), and the
 * authentication remembered on each. Implementations: {@link MemoryCookieStore}, {@link FileCookieStore}; a cluster
 * can provide one shared by its nodes. Thread-safe; calls may do I/O (the upgrade request waits for them).
 */
@ConsumerType
public interface CookieStore extends AutoCloseable {

    /** Whether {@code id} was handed out by this store and has not expired. */
    boolean exists(String id);

    /** Starts tracking a new {@code id}. */
    void create(String id);

    /** The authentication remembered on {@code id}, if it exists, has not expired and remembers one. */
    Optional<CookieAuth> auth(String id);

    /** Remembers {@code auth} on {@code id} (ignored when {@code id} is unknown or expired). */
    void setAuth(String id, CookieAuth auth);

    /** Forgets the authentication remembered on {@code id} (logout); the id stays tracked. */
    void deleteAuth(String id);

    /** Releases files; the store is not used afterwards. */
    @Override
    void close();
}
