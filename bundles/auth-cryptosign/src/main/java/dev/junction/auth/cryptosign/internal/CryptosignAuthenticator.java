package dev.junction.auth.cryptosign.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
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
 * {@code cryptosign} (WAMP-cryptosign, Ed25519). HELLO {@code authextra} carries the client's {@code pubkey} (hex)
 * and {@code channel_binding}; the router answers CHALLENGE {@code {challenge: 32 random bytes as hex,
 * channel_binding: null}} and the client signs the challenge bytes; AUTHENTICATE carries the 64-byte signature as hex,
 * optionally followed by the 32 challenge bytes (autobahn sends both).
 *
 * <p>Channel binding {@code tls-unique} is refused with a clear ABORT: JDK 17's TLS provider does not expose the
 * tls-unique value, and TLS 1.3 has none. Static principals are found by authid (the key must be one of its
 * authorized keys) or, without an authid, by the key. Dynamic: {@code authenticator(realm, authid, details)} with the
 * client's {@code authextra} (so its {@code pubkey}) in {@code details}; a {@code pubkey} in the reply must equal it.
 */
@Component(property = Authenticator.METHOD + "=" + CryptosignAuthenticator.METHOD)
public final class CryptosignAuthenticator implements Authenticator {
    static final String METHOD = "cryptosign";
    private static final Logger LOG = LoggerFactory.getLogger(CryptosignAuthenticator.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PrincipalStore principals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InternalCaller caller;

    public CryptosignAuthenticator() {
    }

    CryptosignAuthenticator(PrincipalStore principals, InternalCaller caller) {
        this.principals = principals;
        this.caller = caller;
    }

    @Override
    public String method() {
        return METHOD;
    }

    /** Between CHALLENGE and AUTHENTICATE: the challenge bytes and the key that must have signed them. */
    record Pending(byte[] challenge, byte[] publicKey, AuthOutcome.Accept accept) {
        @Override
        public String toString() {
            return "Pending[authid=" + accept.authid() + "]";
        }
    }

    @Override
    public CompletionStage<AuthOutcome> hello(AuthRequest request) {
        Settings settings;
        try {
            settings = Settings.of(request.config());
        } catch (IllegalArgumentException e) {
            LOG.error("Transport {}: auth.cryptosign.{}", request.transport().transportId(), e.getMessage());
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "cryptosign authentication is misconfigured on this transport"));
        }
        Object binding = request.authextra().get("channel_binding");
        if (binding != null) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED, "tls-unique".equals(binding)
                    ? "channel_binding tls-unique is not available: the JDK's TLS provider does not expose the "
                            + "tls-unique value (and TLS 1.3 has none); connect with channel_binding null"
                    : "unsupported channel_binding '" + binding + "', supported: null"));
        }
        Object pubkeyValue = request.authextra().get("pubkey");
        byte[] publicKey = pubkeyValue instanceof String s ? parseHex(s, 32) : null;
        if (publicKey == null) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "cryptosign needs HELLO.Details.authextra.pubkey, an Ed25519 public key as 64 hex digits"));
        }
        String pubkey = HEX.formatHex(publicKey);
        if (settings.dynamic()) {
            return AuthenticatorProcedure.call(caller, settings, request,
                    AuthenticatorProcedure.details(request, METHOD, Map.of()))
                    .thenApply(reply -> {
                        Object replyKey = reply.all().get("pubkey");
                        if (replyKey != null && !pubkey.equals(String.valueOf(replyKey).toLowerCase(Locale.ROOT))) {
                            return new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                                    "the dynamic authenticator authorized another public key");
                        }
                        AuthOutcome accepted = AuthenticatorProcedure.accept(reply, request);
                        return accepted instanceof AuthOutcome.Accept a ? challenge(publicKey, a) : accepted;
                    })
                    .exceptionally(failure -> AuthenticatorProcedure.failure(settings, failure));
        }
        PrincipalStore store = principals;
        String transportId = request.transport().transportId();
        Optional<Principal> found;
        if (store == null) {
            found = Optional.empty();
        } else if (request.authid() != null) {
            found = store.byAuthid(request.authid(), request.realm(), transportId);
        } else {
            found = store.byPublicKey(pubkey, request.realm(), transportId);
        }
        if (found.isEmpty() || found.get().authorizedKeys().isEmpty()) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_NO_SUCH_PRINCIPAL, request.authid() != null
                    ? "no principal '" + request.authid() + "' with authorized keys for realm '" + request.realm()
                            + "' on this transport"
                    : "no principal authorizes this public key for realm '" + request.realm() + "'"));
        }
        Principal p = found.get();
        if (!p.authorizedKeys().contains(pubkey)) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "the public key is not authorized for '" + p.authid() + "'"));
        }
        return done(challenge(publicKey, new AuthOutcome.Accept(p.authid(), p.role(), "static", null, Map.of())));
    }

    private static AuthOutcome challenge(byte[] publicKey, AuthOutcome.Accept accept) {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        Map<String, Object> extra = new HashMap<>();
        extra.put("challenge", HEX.formatHex(challenge));
        extra.put("channel_binding", null);
        return new AuthOutcome.Challenge(extra, new Pending(challenge, publicKey, accept));
    }

    @Override
    public CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object challengeState, Authenticate message) {
        Pending pending = (Pending) challengeState;
        String text = message.signature();
        byte[] signed = text.length() == 192 ? parseHex(text, 96) : parseHex(text, 64);
        boolean ok = signed != null
                && (signed.length == 64 || Arrays.equals(signed, 64, 96, pending.challenge(), 0, 32))
                && Ed25519.verify(pending.publicKey(), pending.challenge(), Arrays.copyOf(signed, 64));
        if (!ok) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "invalid signature for '" + pending.accept().authid() + "'"));
        }
        return done(pending.accept());
    }

    /** {@code length} bytes from hex (either case), or {@code null}. */
    static byte[] parseHex(String hex, int length) {
        if (hex.length() != length * 2) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static CompletionStage<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
