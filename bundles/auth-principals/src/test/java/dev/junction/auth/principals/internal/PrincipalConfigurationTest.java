package dev.junction.auth.principals.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.spi.auth.Principal;

class PrincipalConfigurationTest {
    private static final String KEY = "4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566778899";

    @Test
    void parsesEveryKeyAndHidesSecrets() {
        Principal p = PrincipalConfiguration.parse("pid", Map.of("authid", "joe", "realm", "realm1", "role", "user",
                "ticket", "t1cket", "secret", "s3cret", "salt", "pepper", "iterations", "100", "keylen", "16",
                "authorized_keys", KEY.toUpperCase(), "transports", "a, b"));
        assertThat(p).isEqualTo(new Principal("joe", "realm1", "user", "t1cket", "s3cret", "pepper", 100, 16,
                List.of(KEY), List.of("a", "b")));
        assertThat(p.toString()).doesNotContain("t1cket", "s3cret");
        assertThat(p.validFor("realm1", "a")).isTrue();
        assertThat(p.validFor("realm1", "c")).isFalse();
        assertThat(p.validFor("realm2", "a")).isFalse();
    }

    @Test
    void certificateFingerprintsAloneMakeAPrincipalNormalizedToLowerCaseHexWithoutColons() {
        String sha256 = "B4:45:79:AA:17:8E:E4:1B:FB:73:AC:81:0E:F1:96:B0:0A:6A:01:EC:5F:1B:53:DC:39:5E:F7:45:21:BB:EC:DC";
        String sha1 = "0123456789ABCDEF0123456789abcdef01234567";
        Principal p = PrincipalConfiguration.parse("pid", Map.of("authid", "device1", "role", "device",
                "certificate_fingerprints", new String[] { sha256, sha1 }));
        assertThat(p.certificateFingerprints()).containsExactly(sha256.replace(":", "").toLowerCase(),
                sha1.toLowerCase());
        assertThat(PrincipalConfiguration.parse("pid", Map.of("authid", "device1", "role", "device",
                "certificate_fingerprints", "B4:45:79"))).isNull();
    }

    @Test
    void refusesIncompletePrincipals() {
        assertThat(PrincipalConfiguration.parse("pid", Map.of("role", "user", "ticket", "x"))).isNull();
        assertThat(PrincipalConfiguration.parse("pid", Map.of("authid", "joe", "ticket", "x"))).isNull();
        assertThat(PrincipalConfiguration.parse("pid", Map.of("authid", "joe", "role", "user"))).isNull();
        assertThat(PrincipalConfiguration.parse("pid", Map.of("authid", "joe", "role", "user",
                "authorized_keys", "abc"))).isNull();
        // Positive control: the minimum that is accepted, valid for every realm and transport.
        Principal minimal = PrincipalConfiguration.parse("pid", Map.of("authid", "joe", "role", "user", "ticket", "x"));
        assertThat(minimal).isNotNull();
        assertThat(minimal.validFor("any", "any")).isTrue();
    }
}
