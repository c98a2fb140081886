package dev.junction.router.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.WampUris;
import dev.junction.api.message.Authenticate;
import dev.junction.api.message.Hello;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.TrackedCookie;

/**
 * The opening of one session: HELLO, the authentication method's steps, and the outcome. Lives from a HELLO until
 * WELCOME or ABORT; the session calls it under its lock.
 *
 * <p>A transport without {@code auth} configuration admits everyone as {@code anonymous}, as Crossbar does: the
 * client's requested authid is ignored and a random one assigned. With {@code auth} configuration, the methods
 * enabled there are tried in the order of the client's {@code authmethods}, each through the {@link Authenticator}
 * service registered for it right now.
 */
final class Joining {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] SERIAL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final Hello hello;
    private final AuthRequest request;
    private Authenticator authenticator;
    private Object challengeState;
    private boolean awaitingAuthenticate;

    private Joining(Hello hello, AuthRequest request) {
        this.hello = hello;
        this.request = request;
    }

    Hello hello() {
        return hello;
    }

    AuthRequest request() {
        return request;
    }

    /** Parses the HELLO; throws {@link ProtocolViolationException} for a malformed one. */
    static Joining start(Hello hello, long sessionId, HandshakeRequest transport) {
        Map<String, Object> details = hello.details();
        if (!(details.get("roles") instanceof Map<?, ?> roles) || roles.isEmpty()) {
            throw new ProtocolViolationException("HELLO.Details.roles must announce at least one role");
        }
        Object authid = details.get("authid");
        Object authrole = details.get("authrole");
        Object authextra = details.get("authextra");
        if ((authid != null && !(authid instanceof String)) || (authrole != null && !(authrole instanceof String))
                || (authextra != null && !(authextra instanceof Map))) {
            throw new ProtocolViolationException("HELLO.Details authid and authrole must be strings, authextra a dict");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = authextra == null ? Map.of() : (Map<String, Object>) authextra;
        return new Joining(hello, new AuthRequest(hello.realm(), sessionId, (String) authid, (String) authrole, extra,
                details, transport, Map.of()));
    }

    /** The client's {@code authmethods}, {@code ["anonymous"]} when absent. */
    List<String> authMethods() {
        Object methods = hello.details().get("authmethods");
        if (methods == null) {
            return List.of("anonymous");
        }
        if (!(methods instanceof List<?> list)) {
            throw new ProtocolViolationException("HELLO.Details.authmethods must be a list of strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object m : list) {
            if (!(m instanceof String s)) {
                throw new ProtocolViolationException("HELLO.Details.authmethods must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** First step: picks a method and runs its first step. */
    CompletionStage<AuthOutcome> begin(Router router) {
        List<String> offered = authMethods();
        Map<String, Object> authConfig = request.transport().authConfig();
        if (InternalSession.isInternal(request.transport().serializer())) {
            // The router's own caller session (InternalCaller): only the router can create its serializer.
            return CompletableFuture.completedFuture(
                    new AuthOutcome.Accept("junction", "trusted", "router", null, Map.of()));
        }
        if (authConfig.isEmpty()) {
            if (!offered.contains("anonymous")) {
                return reject(WampUris.ERROR_NO_MATCHING_AUTH_METHOD,
                        "this transport admits only anonymous, client offered " + offered);
            }
            // With cookie tracking the cookie is the identity, so that it persists across reconnects (Crossbar).
            TrackedCookie cookie = request.transport().cookie();
            return CompletableFuture.completedFuture(new AuthOutcome.Accept(
                    cookie != null ? cookie.id() : randomSerial(), "anonymous", "static", null, Map.of()));
        }
        return tryFrom(router, offered, 0);
    }

    /**
     * Runs the first step of the first method from {@code offered[index]} on that is enabled on the transport and
     * registered; a method that answers {@link AuthOutcome.Pass} (a {@code cookie} without a remembered
     * authentication) hands over to the next one, as in Crossbar.
     */
    private CompletionStage<AuthOutcome> tryFrom(Router router, List<String> offered, int index) {
        Map<String, Object> authConfig = request.transport().authConfig();
        Set<String> enabled = enabledMethods(authConfig);
        for (int i = index; i < offered.size(); i++) {
            String method = offered.get(i);
            if (!enabled.contains(method)) {
                continue;
            }
            Authenticator candidate = router.authenticator(method);
            if (candidate == null) {
                continue; // configured, but its bundle is not installed or not running
            }
            authenticator = candidate;
            AuthRequest withConfig = new AuthRequest(request.realm(), request.session(), request.authid(),
                    request.authrole(), request.authextra(), request.helloDetails(), request.transport(),
                    methodConfig(authConfig, method));
            int next = i + 1;
            return invoke(() -> candidate.hello(withConfig)).thenCompose(outcome -> outcome instanceof AuthOutcome.Pass
                    ? tryFrom(router, offered, next)
                    : CompletableFuture.completedFuture(outcome));
        }
        authenticator = null;
        return reject(WampUris.ERROR_NO_MATCHING_AUTH_METHOD,
                "no authentication method offered by the client " + offered + " is available on this transport");
    }

    /** The CHALLENGE was sent: an AUTHENTICATE is now expected. */
    void challenged(Object state) {
        this.challengeState = state;
        this.awaitingAuthenticate = true;
    }

    /** Second step, on AUTHENTICATE. */
    CompletionStage<AuthOutcome> authenticate(Authenticate message, Router router) {
        if (!awaitingAuthenticate) {
            throw new ProtocolViolationException("AUTHENTICATE without a CHALLENGE");
        }
        awaitingAuthenticate = false;
        Authenticator current = authenticator;
        if (!router.hasAuthenticator(current.method(), current)) {
            // Its bundle went away between CHALLENGE and AUTHENTICATE: it must not be called any more.
            return reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "authentication method " + current.method() + " is no longer available");
        }
        AuthRequest withConfig = new AuthRequest(request.realm(), request.session(), request.authid(),
                request.authrole(), request.authextra(), request.helloDetails(), request.transport(),
                methodConfig(request.transport().authConfig(), current.method()));
        return invoke(() -> current.authenticate(withConfig, challengeState, message));
    }

    String methodName() {
        return authenticator == null ? "anonymous" : authenticator.method();
    }

    private static CompletionStage<AuthOutcome> invoke(java.util.function.Supplier<CompletionStage<AuthOutcome>> step) {
        try {
            CompletionStage<AuthOutcome> stage = step.get();
            return stage != null ? stage
                    : CompletableFuture.failedFuture(new IllegalStateException("authenticator returned null"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletionStage<AuthOutcome> reject(String reason, String message) {
        return CompletableFuture.completedFuture(new AuthOutcome.Reject(reason, message));
    }

    static Set<String> enabledMethods(Map<String, Object> authConfig) {
        Set<String> methods = new LinkedHashSet<>();
        for (String key : authConfig.keySet()) {
            int dot = key.indexOf('.');
            methods.add(dot < 0 ? key : key.substring(0, dot));
        }
        return methods;
    }

    static Map<String, Object> methodConfig(Map<String, Object> authConfig, String method) {
        Map<String, Object> out = new LinkedHashMap<>();
        String prefix = method + ".";
        authConfig.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** An authid for anonymous sessions in the style of Crossbar's serials: {@code WXYZ-ABCD-EFGH-IJKL}. */
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
