package dev.junction.itests;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import dev.junction.api.message.Authenticate;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;

/**
 * A test authentication method {@value #METHOD}: {@link #hello} always challenges, {@link #authenticate} accepts
 * signature {@value #SECRET} as authid {@code alice}, role {@code user}, provider {@code static}, and rejects
 * anything else with {@code wamp.error.authentication_failed}.
 *
 * <p>Only this class refers to the Junction API: the driver JVM (where JUnit scans the test classes) does not have
 * it on its class path; the probe bundle inside the framework imports it dynamically.
 */
final class TestAuthenticator implements Authenticator {
    static final String METHOD = "x_testauth";
    static final String SECRET = "letmein";

    /** Registers a new instance as an {@link Authenticator} service with {@code wamp.auth.method=x_testauth}. */
    static ServiceRegistration<?> register(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Authenticator.METHOD, METHOD);
        return context.registerService(Authenticator.class, new TestAuthenticator(), properties);
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public CompletionStage<AuthOutcome> hello(AuthRequest request) {
        return CompletableFuture.completedFuture(
                new AuthOutcome.Challenge(Map.of("hint", "say the word"), "state-of-" + request.session()));
    }

    @Override
    public CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object challengeState,
            Authenticate message) {
        if (!("state-of-" + request.session()).equals(challengeState)) {
            return CompletableFuture.completedFuture(
                    new AuthOutcome.Reject("wamp.error.authentication_failed", "challenge state was not handed back"));
        }
        if (SECRET.equals(message.signature())) {
            return CompletableFuture.completedFuture(new AuthOutcome.Accept("alice", "user", "static", null, Map.of()));
        }
        return CompletableFuture.completedFuture(
                new AuthOutcome.Reject("wamp.error.authentication_failed", "wrong signature"));
    }
}
