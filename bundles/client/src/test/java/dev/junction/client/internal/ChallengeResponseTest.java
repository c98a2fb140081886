package dev.junction.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.client.ClientAuth;

/** Vectors computed with autobahn-python 22.7.1 (derive_key, compute_wcs) and PyNaCl, the reference engines. */
class ChallengeResponseTest {
    private static final byte[] SEED = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            SEED[i] = (byte) i;
        }
    }

    @Test
    void wampcraPlainAndSaltedMatchAutobahn() throws Exception {
        assertThat(ChallengeResponse.wampcra("secret123", Map.of("challenge", "challenge-text")))
                .isEqualTo("gw6VmID6oQBHmqABJfIpQiVkhr16A/+DJ7bm9c3koXc=");
        assertThat(ChallengeResponse.deriveKey("secret123", "salt123", 100, 16)).isEqualTo("DpHHRlQ6UNULJlP9J8WkPw==");
        assertThat(ChallengeResponse.wampcra("secret123", Map.of("challenge", "{\"nonce\":\"abc\"}", "salt",
                "salt123", "iterations", 100, "keylen", 16)))
                .isEqualTo("qy2nW41j5+YrV5yUJQPPKXp2vo0XYo26itMs9MYMh1s=");
    }

    @Test
    void cryptosignMatchesNacl() throws Exception {
        assertThat(ChallengeResponse.publicKey(SEED))
                .isEqualTo("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
        byte[] challenge = new byte[32];
        java.util.Arrays.fill(challenge, (byte) 7);
        Map<String, Object> extra = new HashMap<>();
        extra.put("challenge", HexFormat.of().formatHex(challenge));
        extra.put("channel_binding", null);
        assertThat(ChallengeResponse.sign(new ClientAuth.Cryptosign("me", SEED), extra)).isEqualTo(
                "b6c8790330ad9053c84b389fa82359a9bcea86f90f6efdd6b798e57591cb1860d740744e07db8a39cc94b4faa6b540dd28"
                        + "5f7cb2641b931965c47cd468f7ae04" + "07".repeat(32));
        extra.put("channel_binding", "tls-unique");
        assertThatThrownBy(() -> ChallengeResponse.sign(new ClientAuth.Cryptosign("me", SEED), extra))
                .hasMessageContaining("tls-unique");
    }

    @Test
    void ticketIsSentAsIsAndNeverPrinted() {
        ClientAuth.Ticket t = new ClientAuth.Ticket("joe", "s3cret");
        assertThat(ChallengeResponse.sign(t, Map.of())).isEqualTo("s3cret");
        assertThat(t.toString()).doesNotContain("s3cret");
    }
}
