package dev.junction.transport.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crossbar's signed HTTP bridge requests. The query carries {@code key}, {@code timestamp} (UTC ISO-8601 with
 * fraction, {@code 2011-10-14T16:59:51.123Z}), {@code seq} and {@code nonce} (integers) and {@code signature} =
 * URL-safe Base64 (with padding) of HMAC-SHA256 under the secret over {@code key | timestamp | seq | nonce | body}.
 * Answers as Crossbar does: a missing or malformed field or a timestamp off by more than
 * {@code timestamp_delta_limit} seconds is 400, an unknown key or a wrong signature 401. Beyond Crossbar (whose
 * nonce check is a FIXME), a nonce already seen with this key within the timestamp window is refused (400): a
 * captured request cannot be replayed while its timestamp is still accepted.
 */
final class RequestSignature {
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{1,6}Z");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,30}");

    private final String key;
    private final byte[] secret;
    private final int timestampDeltaLimit;
    private final Supplier<Instant> clock;
    private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();

    RequestSignature(String key, String secret, int timestampDeltaLimit, Supplier<Instant> clock) {
        this.key = key;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.timestampDeltaLimit = timestampDeltaLimit;
        this.clock = clock;
    }

    /** Why a request is refused, with its HTTP status. */
    record Refusal(int status, String reason) {
    }

    /** @return {@code null} when the request is signed correctly, else the refusal */
    Refusal check(Map<String, String> query, byte[] body) {
        for (String field : new String[] { "key", "timestamp", "seq", "nonce", "signature" }) {
            if (query.get(field) == null) {
                return new Refusal(400, "signed request required, but mandatory '" + field + "' field missing");
            }
        }
        String timestamp = query.get("timestamp");
        Instant now = clock.get();
        Instant ts;
        try {
            if (!TIMESTAMP.matcher(timestamp).matches()) {
                throw new DateTimeParseException("format", timestamp, 0);
            }
            ts = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return new Refusal(400, "invalid timestamp '" + timestamp
                    + "' (must be UTC/ISO-8601, e.g. '2011-10-14T16:59:51.123Z')");
        }
        if (timestampDeltaLimit > 0 && Duration.between(ts, now).abs().toMillis() > timestampDeltaLimit * 1000L) {
            return new Refusal(400, "request expired (timestamp delta larger than " + timestampDeltaLimit + " s)");
        }
        if (!INTEGER.matcher(query.get("seq")).matches()) {
            return new Refusal(400, "invalid sequence number '" + query.get("seq") + "' (must be an integer)");
        }
        if (!INTEGER.matcher(query.get("nonce")).matches()) {
            return new Refusal(400, "invalid nonce '" + query.get("nonce") + "' (must be an integer)");
        }
        if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                query.get("key").getBytes(StandardCharsets.UTF_8))) {
            return new Refusal(401, "unknown key '" + query.get("key") + "' in signed request");
        }
        byte[] expected = sign(secret, query.get("key"), timestamp, query.get("seq"), query.get("nonce"), body)
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, query.get("signature").getBytes(StandardCharsets.US_ASCII))) {
            return new Refusal(401, "invalid request signature");
        }
        // Only a correctly signed request spends its nonce: otherwise anyone could block nonces.
        Instant forgetAt = now.plusSeconds(Math.max(timestampDeltaLimit, 1) * 2L);
        if (seenNonces.putIfAbsent(query.get("nonce"), forgetAt) != null) {
            return new Refusal(400, "nonce '" + query.get("nonce") + "' already used");
        }
        forgetExpired(now);
        return null;
    }

    private void forgetExpired(Instant now) {
        for (Iterator<Instant> it = seenNonces.values().iterator(); it.hasNext();) {
            if (it.next().isBefore(now)) {
                it.remove();
            }
        }
    }

    /** The signature of a request, as a client computes it. */
    static String sign(byte[] secret, String key, String timestamp, String seq, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(key.getBytes(StandardCharsets.UTF_8));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update(seq.getBytes(StandardCharsets.UTF_8));
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return Base64.getUrlEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
