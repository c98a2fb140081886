package dev.junction.auth.cookie.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.junction.api.message.Authenticate;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;
import dev.junction.spi.transport.CookieAuth;
import dev.junction.spi.transport.TrackedCookie;

/**
 * {@code cookie}: a client whose connection carries a tracked cookie (the transport's {@code cookie.*} keys) on which
 * an earlier session of the same realm authenticated by another method is admitted at once, with that session's
 * authid, authrole and authextra, authmethod and authprovider {@code cookie} (Crossbar's cookie authentication). The
 * router remembers the other method's result on the cookie, and forgets it on GOODBYE {@code wamp.close.logout}.
 *
 * <p>Without a cookie, with a cookie that remembers nothing (new, expired, logged out), or one that remembers
 * another realm, the method {@link AuthOutcome.Pass passes}: the router tries the client's next method, and a client
 * that offered only {@code cookie} gets ABORT {@code wamp.error.no_matching_auth_method}. There is no challenge.
 */
@Component(property = Authenticator.METHOD + "=" + CookieAuthenticator.METHOD)
public final class CookieAuthenticator implements Authenticator {
    static final String METHOD = "cookie";
    static final String PROVIDER = "cookie";

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public CompletionStage<AuthOutcome> hello(AuthRequest request) {
        TrackedCookie cookie = request.transport().cookie();
        if (cookie == null) {
            return done(new AuthOutcome.Pass("transport " + request.transport().transportId()
                    + " does not track cookies (no cookie.* keys)"));
        }
        Optional<CookieAuth> remembered = cookie.auth();
        if (remembered.isEmpty()) {
            return done(new AuthOutcome.Pass("the cookie carries no authentication (new, expired or logged out)"));
        }
        CookieAuth auth = remembered.get();
        if (!auth.realm().equals(request.realm())) {
            return done(new AuthOutcome.Pass("the cookie authenticated on another realm"));
        }
        return done(new AuthOutcome.Accept(auth.authid(), auth.authrole(), PROVIDER, auth.realm(), auth.authextra()));
    }

    @Override
    public CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object challengeState, Authenticate message) {
        // hello() never challenges, so the router never calls this.
        return CompletableFuture.failedFuture(new IllegalStateException("cookie authentication has no challenge"));
    }

    private static CompletionStage<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
