package dev.junction.client;

import java.util.Arrays;
import java.util.Objects;

/** How a client authenticates when it joins; the method names are those of HELLO {@code authmethods}. */
public sealed interface ClientAuth {

    /** The method name announced in HELLO. */
    String method();

    /** The authid announced in HELLO, or {@code null}. */
    String authid();

    /** {@code anonymous}: no credentials. */
    record Anonymous(String authid) implements ClientAuth {
        @Override
        public String method() {
            return "anonymous";
        }
    }

    /** {@code ticket}: a shared secret sent as is (use TLS). */
    record Ticket(String authid, String ticket) implements ClientAuth {
        @Override
        public String method() {
            return "ticket";
        }

        @Override
        public String toString() {
            return "Ticket[authid=" + authid + "]"; // never the secret
        }
    }

    /**
     * {@code wampcra}: the challenge signed with HMAC-SHA256; when the router sends a salt, the key is derived from
     * {@code secret} with PBKDF2 as autobahn does.
     */
    record WampCra(String authid, String secret) implements ClientAuth {
        @Override
        public String method() {
            return "wampcra";
        }

        @Override
        public String toString() {
            return "WampCra[authid=" + authid + "]";
        }
    }

    /** {@code cryptosign}: the challenge signed with the Ed25519 key whose 32-byte seed is {@code privateKeySeed}. */
    record Cryptosign(String authid, byte[] privateKeySeed) implements ClientAuth {
        public Cryptosign {
            if (privateKeySeed == null || privateKeySeed.length != 32) {
                throw new IllegalArgumentException("an Ed25519 private key seed has 32 bytes");
            }
            privateKeySeed = privateKeySeed.clone();
        }

        @Override
        public byte[] privateKeySeed() {
            return privateKeySeed.clone();
        }

        @Override
        public String method() {
            return "cryptosign";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cryptosign c && Objects.equals(authid, c.authid)
                    && Arrays.equals(privateKeySeed, c.privateKeySeed);
        }

        @Override
        public int hashCode() {
            return Objects.hash(authid, Arrays.hashCode(privateKeySeed));
        }

        @Override
        public String toString() {
            return "Cryptosign[authid=" + authid + "]";
        }
    }
}
