package dev.junction.auth.wampcra.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.WampUris;
import dev.junction.api.message.Authenticate;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;
import dev.junction.spi.auth.AuthenticatorProcedure;
import dev.junction.spi.auth.AuthenticatorProcedure.Settings;
import dev.junction.spi.auth.Principal;
import dev.junction.spi.auth.PrincipalStore;
import dev.junction.spi.call.InternalCaller;

/**
 * {@code wampcra}: CHALLENGE {@code {challenge, [salt, iterations, keylen]}} where the challenge is the JSON text
 * Crossbar builds ({@code authid, authrole, authmethod, authprovider, session, nonce, timestamp}); the client answers
 * with Base64(HMAC-SHA256(key, challenge)). The key is the configured secret; for a salted principal that secret is
 * the key derived from the password (Base64 of PBKDF2-HMAC-SHA256, autobahn's {@code derive_key}), exactly as in
 * Crossbar's configuration, and CHALLENGE carries salt, iterations and keylen so the client can derive it too.
 * Every challenge has a fresh 48-byte nonce, so a signature recorded from one session is worthless in another.
 *
 * <p>Static ({@code auth.wampcra.type = static}): the principal's {@code secret} (and salt) from the
 * {@link PrincipalStore}. Dynamic ({@code auth.wampcra.type = dynamic}): the authenticator procedure is called on
 * HELLO as {@code authenticator(realm, authid, details)} and returns {@code {secret, role, [salt, iterations, keylen],
 * [authid, realm, extra]}}, as in Crossbar.
 */
@Component(property = Authenticator.METHOD + "=" + WampCraAuthenticator.METHOD)
public final class WampCraAuthenticator implements Authenticator {
    static final String METHOD = "wampcra";
    private static final Logger LOG = LoggerFactory.getLogger(WampCraAuthenticator.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PrincipalStore principals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InternalCaller caller;

    public WampCraAuthenticator() {
    }

    WampCraAuthenticator(PrincipalStore principals, InternalCaller caller) {
        this.principals = principals;
        this.caller = caller;
    }

    @Override
    public String method() {
        return METHOD;
    }

    /** What the router keeps between CHALLENGE and AUTHENTICATE (never leaves it). */
    record Pending(String challenge, String expectedSignature, AuthOutcome.Accept accept) {
        @Override
        public String toString() {
            return "Pending[authid=" + accept.authid() + "]";
        }
    }

    /** The secret of one principal, static or dynamic. */
    private record Credentials(String secret, String salt, int iterations, int keylen) {
    }

    @Override
    public CompletionStage<AuthOutcome> hello(AuthRequest request) {
        Settings settings;
        try {
            settings = Settings.of(request.config());
        } catch (IllegalArgumentException e) {
            LOG.error("Transport {}: auth.wampcra.{}", request.transport().transportId(), e.getMessage());
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "wampcra authentication is misconfigured on this transport"));
        }
        if (settings.dynamic()) {
            return AuthenticatorProcedure.call(caller, settings, request,
                    AuthenticatorProcedure.details(request, METHOD, Map.of()))
                    .thenApply(reply -> {
                        AuthOutcome accepted = AuthenticatorProcedure.accept(reply, request);
                        if (!(accepted instanceof AuthOutcome.Accept accept)) {
                            return accepted;
                        }
                        Credentials credentials = credentials(reply.all());
                        return challenge(request, accept, credentials);
                    })
                    .exceptionally(failure -> AuthenticatorProcedure.failure(settings, failure));
        }
        if (request.authid() == null) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_NO_SUCH_PRINCIPAL,
                    "wampcra authentication needs an authid in HELLO"));
        }
        PrincipalStore store = principals;
        Optional<Principal> found = store == null ? Optional.empty()
                : store.byAuthid(request.authid(), request.realm(), request.transport().transportId());
        if (found.isEmpty() || found.get().secret() == null) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_NO_SUCH_PRINCIPAL, "no principal '" + request.authid()
                    + "' with a wampcra secret for realm '" + request.realm() + "' on this transport"));
        }
        Principal p = found.get();
        return done(challenge(request, new AuthOutcome.Accept(p.authid(), p.role(), "static", null, Map.of()),
                new Credentials(p.secret(), p.salt(), p.iterations(), p.keylen())));
    }

    /** The secret and optional salt from a dynamic authenticator's dict. */
    private static Credentials credentials(Map<String, Object> reply) {
        if (!(reply.get("secret") instanceof String secret) || secret.isEmpty()) {
            throw new IllegalArgumentException("the authenticator's dict has no string 'secret'");
        }
        Object salt = reply.get("salt");
        if (salt == null) {
            return new Credentials(secret, null, 0, 0);
        }
        if (!(salt instanceof String s) || !(reply.getOrDefault("iterations", 1000L) instanceof Number iterations)
                || !(reply.getOrDefault("keylen", 32L) instanceof Number keylen) || iterations.intValue() < 1
                || keylen.intValue() < 1 || keylen.intValue() > 1024) {
            throw new IllegalArgumentException("the authenticator's 'salt' must be a string, 'iterations' >= 1 and "
                    + "'keylen' 1..1024");
        }
        return new Credentials(secret, s, iterations.intValue(), keylen.intValue());
    }

    private static AuthOutcome challenge(AuthRequest request, AuthOutcome.Accept accept, Credentials credentials) {
        String challenge = challengeText(accept.authid(), accept.authrole(), accept.authprovider(), request.session(),
                nonce(), TIMESTAMP.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("challenge", challenge);
        if (credentials.salt() != null) {
            // As in Crossbar, a salted principal's secret is already the derived key: the client derives the same
            // key from its password with these parameters, and the password itself is stored nowhere.
            extra.put("salt", credentials.salt());
            extra.put("iterations", (long) credentials.iterations());
            extra.put("keylen", (long) credentials.keylen());
        }
        return new AuthOutcome.Challenge(extra,
                new Pending(challenge, WampCra.sign(credentials.secret(), challenge), accept));
    }

    @Override
    public CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object challengeState, Authenticate message) {
        Pending pending = (Pending) challengeState;
        if (!WampCra.matches(pending.expectedSignature(), message.signature())) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "wrong signature for '" + pending.accept().authid() + "'"));
        }
        return done(pending.accept());
    }

    /** Crossbar's challenge: {@code json.dumps(dict, ensure_ascii=False)} with its key order and separators. */
    static String challengeText(String authid, String authrole, String authprovider, long session, String nonce,
            String timestamp) {
        return "{\"authid\": " + quote(authid) + ", \"authrole\": " + quote(authrole) + ", \"authmethod\": "
                + quote(METHOD) + ", \"authprovider\": " + quote(authprovider) + ", \"session\": " + session
                + ", \"nonce\": " + quote(nonce) + ", \"timestamp\": " + quote(timestamp) + "}";
    }

    /** autobahn's {@code newid(64)}: 64 characters of Base64 over random bytes. */
    private static String nonce() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static CompletionStage<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
