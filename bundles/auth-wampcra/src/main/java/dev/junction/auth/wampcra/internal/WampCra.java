package dev.junction.auth.wampcra.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The WAMP-CRA computations, byte-compatible with autobahn ({@code autobahn.wamp.auth.derive_key} and
 * {@code compute_wcs}, and autobahn-js {@code auth_cra}).
 */
final class WampCra {
    private WampCra() {
    }

    /**
     * A salted secret's key: Base64 of PBKDF2-HMAC-SHA256(secret, salt, iterations, keylen). As in autobahn, the
     * <em>Base64 text</em> is then the HMAC key, not the raw derived bytes.
     */
    static String deriveKey(String secret, String salt, int iterations, int keylen) {
        try {
            // PBEKeySpec takes chars and the JDK's PBKDF2 encodes them as UTF-8, as autobahn encodes the secret.
            PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations,
                    keylen * 8);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return Base64.getEncoder().encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    /** The signature a client must send: Base64 of HMAC-SHA256 over the challenge text with the key's UTF-8 bytes. */
    static String sign(String key, String challenge) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of the expected and the received signature. */
    static boolean matches(String expected, String received) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                received.getBytes(StandardCharsets.UTF_8));
    }
}
