package dev.junction.client.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import dev.junction.client.ClientAuth;

/** The client's side of the challenge-response methods, computed as autobahn computes them. */
final class ChallengeResponse {
    private ChallengeResponse() {
    }

    /** The AUTHENTICATE signature answering a CHALLENGE with {@code extra} for {@code auth}. */
    static String sign(ClientAuth auth, Map<String, Object> extra) {
        try {
            if (auth instanceof ClientAuth.Ticket t) {
                return t.ticket();
            }
            if (auth instanceof ClientAuth.WampCra c) {
                return wampcra(c.secret(), extra);
            }
            if (auth instanceof ClientAuth.Cryptosign s) {
                return cryptosign(s.privateKeySeed(), extra);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute the " + auth.method() + " signature", e);
        }
        throw new IllegalArgumentException(auth.method() + " has no challenge");
    }

    /**
     * WAMP-CRA: base64(HMAC-SHA256(key, challenge)), the key being the secret, or with a salt in the challenge
     * base64(PBKDF2-HMAC-SHA256(secret, salt, iterations, keylen)) (autobahn's derive_key; defaults 1000 and 32).
     */
    static String wampcra(String secret, Map<String, Object> extra) throws GeneralSecurityException {
        Object challenge = extra.get("challenge");
        if (!(challenge instanceof String text)) {
            throw new IllegalArgumentException("WAMP-CRA CHALLENGE without a challenge string");
        }
        String key = secret;
        if (extra.get("salt") instanceof String salt) {
            key = deriveKey(secret, salt, number(extra.get("iterations"), 1000), number(extra.get("keylen"), 32));
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String deriveKey(String secret, String salt, int iterations, int keylen) throws GeneralSecurityException {
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] derived = f.generateSecret(new PBEKeySpec(secret.toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
                iterations, keylen * 8)).getEncoded();
        return Base64.getEncoder().encodeToString(derived);
    }

    private static int number(Object value, int fallback) {
        return value instanceof Number n ? n.intValue() : fallback;
    }

    /** Cryptosign: hex(Ed25519 signature of the challenge bytes, followed by the challenge bytes). */
    static String cryptosign(byte[] seed, Map<String, Object> extra) throws GeneralSecurityException {
        if (extra.get("channel_binding") != null) {
            throw new IllegalArgumentException("channel binding " + extra.get("channel_binding")
                    + " is not supported by this client");
        }
        if (!(extra.get("challenge") instanceof String hex)) {
            throw new IllegalArgumentException("cryptosign CHALLENGE without a challenge");
        }
        byte[] challenge = HexFormat.of().parseHex(hex);
        PrivateKey key = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        byte[] out = new byte[signature.length + challenge.length];
        System.arraycopy(signature, 0, out, 0, signature.length);
        System.arraycopy(challenge, 0, out, signature.length, challenge.length);
        return HexFormat.of().formatHex(out);
    }

    /** The hex public key of an Ed25519 seed, as cryptosign announces it in HELLO {@code authextra.pubkey}. */
    static String publicKey(byte[] seed) {
        try {
            // The JDK derives the public key only while generating a pair: feed it the seed as its randomness.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] encoded = pair.getPublic().getEncoded(); // X.509: a fixed 12-byte header, then the 32-byte key
            byte[] raw = new byte[32];
            System.arraycopy(encoded, encoded.length - 32, raw, 0, 32);
            return HexFormat.of().formatHex(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** "Randomness" that is the given seed: only for deriving a key pair from a known private key. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
