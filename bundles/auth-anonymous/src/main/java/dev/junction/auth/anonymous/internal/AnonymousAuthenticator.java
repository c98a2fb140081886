package dev.junction.auth.anonymous.internal;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.WampUris;
import dev.junction.api.message.Authenticate;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;

/**
 * {@code anonymous} on a transport whose {@code auth} configuration enables it ({@code auth.anonymous.type = static},
 * optional {@code auth.anonymous.role}, default {@code anonymous}). As in Crossbar, the authid the client asks for is
 * ignored and a random serial assigned, or the connection's tracking cookie when the transport tracks cookies. (A transport with no {@code auth} configuration at all admits anonymous
 * clients in the router itself, whether or not this bundle runs.)
 */
@Component(property = Authenticator.METHOD + "=" + AnonymousAuthenticator.METHOD)
public final class AnonymousAuthenticator implements Authenticator {
    static final String METHOD = "anonymous";
    private static final Logger LOG = LoggerFactory.getLogger(AnonymousAuthenticator.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] SERIAL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public CompletionStage<AuthOutcome> hello(AuthRequest request) {
        Object type = request.config().getOrDefault("type", "static");
        if (!"static".equals(String.valueOf(type).trim())) {
            LOG.error("Transport {}: auth.anonymous.type={} is not supported, allowed static",
                    request.transport().transportId(), type);
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "anonymous authentication is misconfigured on this transport"));
        }
        String role = String.valueOf(request.config().getOrDefault("role", "anonymous")).trim();
        // With cookie tracking the cookie is the authid, so the identity persists across reconnects (Crossbar).
        String authid = request.transport().cookie() != null ? request.transport().cookie().id() : randomSerial();
        return done(new AuthOutcome.Accept(authid, role.isEmpty() ? "anonymous" : role, "static", null, Map.of()));
    }

    @Override
    public CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object challengeState, Authenticate message) {
        throw new IllegalStateException("anonymous never challenges");
    }

    private static CompletionStage<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    /** Crossbar-style serial {@code WXYZ-ABCD-EFGH-IJKL}. */
    static String randomSerial() {
        // One call into the shared SecureRandom per id (each call takes its lock): 16 random bytes, 5 bits of each
        // (32 letters divide 256, so every letter stays equally likely).
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        StringBuilder sb = new StringBuilder(19);
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(SERIAL_ALPHABET[random[i] & (SERIAL_ALPHABET.length - 1)]);
        }
        return sb.toString();
    }
}
