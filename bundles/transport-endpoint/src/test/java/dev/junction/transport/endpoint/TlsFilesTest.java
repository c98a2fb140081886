package dev.junction.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.transport.endpoint.internal.PemFiles;
import dev.junction.transport.endpoint.internal.TlsMaterial;
import dev.junction.transport.endpoint.testing.TestCertificates;
import dev.junction.transport.endpoint.testing.TestCertificates.Issued;

/** Every PEM form Crossbar users have, generated per run, read back; and the errors for what cannot be read. */
class TlsFilesTest {

    private static Issued ca;
    private static KeyPair rsa;
    private static KeyPair ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        ca = TestCertificates.ca("Junction Test CA");
        rsa = TestCertificates.rsa();
        ec = TestCertificates.ec();
    }

    private PrivateKey read(String name, String pem, String password) throws Exception {
        return PemFiles.readPrivateKey(TestCertificates.write(dir.resolve(name), pem), password);
    }

    @Test
    void readsRsaKeysInEveryForm() throws Exception {
        PrivateKey key = rsa.getPrivate();
        String pkcs1 = TestCertificates.traditional(key);
        assertThat(pkcs1).contains("BEGIN RSA PRIVATE KEY");
        assertThat(read("pkcs1.pem", pkcs1, null).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(read("pkcs8.pem", TestCertificates.pkcs8(key), null).getEncoded()).isEqualTo(key.getEncoded());
        String encrypted = TestCertificates.pkcs8Encrypted(key, "s3cret");
        assertThat(encrypted).contains("BEGIN ENCRYPTED PRIVATE KEY");
        assertThat(read("pkcs8-enc.pem", encrypted, "s3cret").getEncoded()).isEqualTo(key.getEncoded());
        String legacy = TestCertificates.traditionalEncrypted(key, "s3cret");
        assertThat(legacy).contains("Proc-Type: 4,ENCRYPTED");
        assertThat(read("pkcs1-enc.pem", legacy, "s3cret").getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void readsEcKeysWithAndWithoutParametersBlock() throws Exception {
        PrivateKey key = ec.getPrivate();
        String sec1 = TestCertificates.sec1(ec, true);
        assertThat(sec1).contains("BEGIN EC PRIVATE KEY");
        java.math.BigInteger s = ((java.security.interfaces.ECPrivateKey) key).getS();
        assertThat(((java.security.interfaces.ECPrivateKey) read("ec.pem", sec1, null)).getS()).isEqualTo(s);
        assertThat(((java.security.interfaces.ECPrivateKey) read("ec-no-public.pem", TestCertificates.sec1(ec, false),
                null)).getS()).isEqualTo(s);
        // openssl ecparam -genkey writes an EC PARAMETERS block first.
        String withParameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + sec1;
        assertThat(((java.security.interfaces.ECPrivateKey) read("ec-params.pem", withParameters, null)).getS())
                .isEqualTo(s);
        assertThat(read("ec-pkcs8.pem", TestCertificates.pkcs8Encrypted(key, "pw"), "pw").getAlgorithm())
                .isEqualTo("EC");
    }

    @Test
    void encryptedKeysNeedTheRightPassword() throws Exception {
        String encrypted = TestCertificates.pkcs8Encrypted(rsa.getPrivate(), "right");
        assertThatThrownBy(() -> read("a.pem", encrypted, null)).hasMessageContaining("set endpoint.tls.key_password");
        assertThatThrownBy(() -> read("b.pem", encrypted, "wrong")).hasMessageContaining("cannot decrypt");
        String legacy = TestCertificates.traditionalEncrypted(rsa.getPrivate(), "right");
        assertThatThrownBy(() -> read("c.pem", legacy, "wrong")).hasMessageContaining("cannot decrypt");
        assertThatThrownBy(() -> read("d.pem", TestCertificates.certificates(ca.certificate()), null))
                .hasMessageContaining("no private key");
    }

    @Test
    void materialFromPemChecksThatKeyAndCertificateBelongTogether() throws Exception {
        Issued server = TestCertificates.server(ca, rsa);
        Path key = TestCertificates.write(dir.resolve("server.key"), TestCertificates.traditional(rsa.getPrivate()));
        Path certificate = TestCertificates.write(dir.resolve("server.crt"),
                TestCertificates.certificates(server.certificate()));
        Path chain = TestCertificates.write(dir.resolve("ca.crt"), TestCertificates.certificates(ca.certificate()));
        TlsMaterial material = TlsMaterial.load(new TlsSettings(key, certificate, List.of(chain), List.of(chain), null,
                null, null, null, List.of()));
        java.security.cert.Certificate[] stored = material.keyStore().getCertificateChain("server");
        assertThat(stored).hasSize(2);
        assertThat(((X509Certificate) stored[1]).getSubjectX500Principal().getName()).isEqualTo("CN=Junction Test CA");
        assertThat(material.trustStore().size()).isEqualTo(1);

        Path otherKey = TestCertificates.write(dir.resolve("other.key"),
                TestCertificates.pkcs8(TestCertificates.rsa().getPrivate()));
        assertThatThrownBy(() -> TlsMaterial.load(new TlsSettings(otherKey, certificate, List.of(), List.of(), null,
                null, null, null, List.of()))).isInstanceOf(EndpointException.class)
                .satisfies(e -> assertThat(((EndpointException) e).key()).isEqualTo("endpoint.tls.certificate"))
                .hasMessageContaining("does not belong to endpoint.tls.key");
    }

    @Test
    void keysAreJdkKeysEvenWithBouncyCastleRegisteredInTheJvm() throws Exception {
        // Karaf can have Bouncy Castle registered as a JCA provider; a key/certificate pair must still match.
        java.security.Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        java.security.Security.insertProviderAt(bc, 1);
        try {
            PrivateKey key = read("ec-bc.pem", TestCertificates.sec1(ec, true), null);
            assertThat(key.getAlgorithm()).isEqualTo("EC");
            assertThat(key.getClass().getName()).startsWith("sun.");
            Issued server = TestCertificates.server(ca, ec);
            Path keyFile = TestCertificates.write(dir.resolve("k.pem"), TestCertificates.sec1(ec, true));
            Path certificate = TestCertificates.write(dir.resolve("c.pem"),
                    TestCertificates.certificates(server.certificate()));
            assertThat(TlsMaterial.load(new TlsSettings(keyFile, certificate, List.of(), List.of(), null, null, null,
                    null, List.of())).keyStore().isKeyEntry("server")).isTrue();
        } finally {
            java.security.Security.removeProvider(bc.getName());
        }
    }

    @Test
    void materialFromAKeystore() throws Exception {
        Issued server = TestCertificates.server(ca, ec);
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("junction", ec.getPrivate(), "pw".toCharArray(),
                new X509Certificate[] { server.certificate() });
        Path file = dir.resolve("server.p12");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            store.store(out, "pw".toCharArray());
        }
        TlsMaterial material = TlsMaterial.load(new TlsSettings(null, null, List.of(), List.of(), null, file, "PKCS12",
                "pw", List.of()));
        assertThat(material.keyStore().isKeyEntry("junction")).isTrue();
        assertThatThrownBy(() -> TlsMaterial.load(new TlsSettings(null, null, List.of(), List.of(), null, file,
                "PKCS12", "wrong", List.of()))).hasMessageStartingWith("endpoint.tls.keystore=" + file);
    }
}
