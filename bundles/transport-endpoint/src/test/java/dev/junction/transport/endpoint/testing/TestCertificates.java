package dev.junction.transport.endpoint.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Keys and certificates generated with Bouncy Castle for one test run (nothing secret is committed): a CA, server and
 * client certificates it signs, and writers for every PEM form the endpoint code reads.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
    }

    public static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    public static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** A self-signed CA. */
    public static Issued ca(String name) throws Exception {
        KeyPair keys = rsa();
        return new Issued(keys, build(name, keys, name, keys.getPrivate(), true, false));
    }

    /** A certificate for {@code localhost} and 127.0.0.1 signed by {@code issuer}. */
    public static Issued server(Issued issuer, KeyPair keys) throws Exception {
        return new Issued(keys, build("localhost", keys, subjectOf(issuer), issuer.keys().getPrivate(), false, true));
    }

    /** A client certificate ({@code CN=name}) signed by {@code issuer}. */
    public static Issued client(Issued issuer, String name) throws Exception {
        KeyPair keys = rsa();
        return new Issued(keys, build(name, keys, subjectOf(issuer), issuer.keys().getPrivate(), false, false));
    }

    private static String subjectOf(Issued issued) {
        return issued.certificate().getSubjectX500Principal().getName().replace("CN=", "");
    }

    private static X509Certificate build(String subject, KeyPair keys, String issuer, PrivateKey signer, boolean ca,
            boolean serverNames) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), new X500Name("CN=" + subject), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (serverNames) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
        }
        String algorithm = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    }

    // ---- PEM writers, one per form

    /** OpenSSL's traditional form: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC 1). */
    public static String traditional(PrivateKey key) throws IOException {
        return pem(writer -> writer.writeObject(key));
    }

    /**
     * {@code EC PRIVATE KEY} (SEC 1) as OpenSSL writes it: the curve in the parameters field and, unless
     * {@code withPublicKey} is false, the public point.
     */
    public static String sec1(KeyPair keys, boolean withPublicKey) throws IOException {
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
                keys.getPrivate().getEncoded());
        org.bouncycastle.asn1.ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
        BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        org.bouncycastle.asn1.DERBitString point = withPublicKey ? new org.bouncycastle.asn1.DERBitString(
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                        .getPublicKeyData().getBytes()) : null;
        byte[] encoded = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, point, curve).getEncoded();
        return pem(writer -> writer.writeObject(new PemObject("EC PRIVATE KEY", encoded)));
    }

    /** OpenSSL's legacy encrypted traditional form ({@code Proc-Type: 4,ENCRYPTED}, AES-256-CBC). */
    public static String traditionalEncrypted(PrivateKey key, String password) throws IOException {
        return pem(writer -> writer.writeObject(new JcaMiscPEMGenerator(key,
                new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(new BouncyCastleProvider())
                        .build(password.toCharArray()))));
    }

    /** {@code PRIVATE KEY} (unencrypted PKCS#8). */
    public static String pkcs8(PrivateKey key) throws IOException {
        return pem(writer -> writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded())));
    }

    /** {@code ENCRYPTED PRIVATE KEY} (PKCS#8, PBES2 with AES-256-CBC, as {@code openssl pkcs8 -topk8} writes). */
    public static String pkcs8Encrypted(PrivateKey key, String password) throws Exception {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(
                org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                .setPassword(password.toCharArray()).build();
        byte[] encoded = new JcaPKCS8EncryptedPrivateKeyInfoBuilder(key).build(encryptor).getEncoded();
        return pem(writer -> writer.writeObject(new PemObject("ENCRYPTED PRIVATE KEY", encoded)));
    }

    public static String certificates(X509Certificate... certificates) throws IOException {
        return pem(writer -> {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        });
    }

    public static Path write(Path file, String pem) throws IOException {
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }

    /** A client SSL context that trusts {@code ca} and, if {@code client} is given, presents it. */
    public static SSLContext clientContext(Issued ca, Issued client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.keys().getPrivate(), "x".toCharArray(),
                    new X509Certificate[] { client.certificate() });
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, "x".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(),
                RANDOM);
        return context;
    }

    private interface PemBody {
        void write(JcaPEMWriter writer) throws IOException;
    }

    private static String pem(PemBody body) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            body.write(writer);
        }
        return text.toString();
    }

}
