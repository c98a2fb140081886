package dev.junction.spi.transport;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The tracking cookie a connection carries (Crossbar's {@code cbtid}), handed to the router in
 * {@link HandshakeRequest#cookie()} by transports that track cookies. Several connections (browser tabs) can share
 * one cookie. Implemented by the transport's cookie store; thread-safe.
 *
 * <p>The router remembers on the cookie the authentication of a session that joined by a method other than
 * {@code cookie} (when the transport enables the {@code cookie} method), the {@code cookie} authentication method
 * reads it back on a later connection, and a session that leaves with {@code wamp.close.logout} makes the router
 * {@link #forget} it.
 */
@ProviderType
public interface TrackedCookie {

    /** The cookie's value: a random id of the transport's {@code cookie.length} characters. */
    String id();

    /** The authentication remembered on this cookie, if any and the cookie has not expired. */
    Optional<CookieAuth> auth();

    /** Remembers {@code auth} on this cookie (replacing what it remembered); the store may persist it. */
    void remember(CookieAuth auth);

    /** Forgets the authentication remembered on this cookie (logout); the cookie itself stays tracked. */
    void forget();
}
