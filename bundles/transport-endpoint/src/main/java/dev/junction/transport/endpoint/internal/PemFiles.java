package dev.junction.transport.endpoint.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads PEM files with Bouncy Castle's PKIX library, because the JDK reads only unencrypted PKCS#8 keys. Accepted:
 * {@code RSA PRIVATE KEY} (PKCS#1, also with OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED} header),
 * {@code EC PRIVATE KEY} (SEC 1, with or without a leading {@code EC PARAMETERS} block), {@code PRIVATE KEY}
 * (PKCS#8) and {@code ENCRYPTED PRIVATE KEY} (PKCS#8 with PBES2 or PBES1). Keys are converted with the JDK's
 * providers so that the JDK's TLS engine can use them; Bouncy Castle's provider is used only to decrypt (it is not
 * registered in the JVM).
 */
public final class PemFiles {

    private static final Provider DECRYPTION = new BouncyCastleProvider();

    private PemFiles() {
    }

    /** The first private key in {@code file}. */
    public static PrivateKey readPrivateKey(Path file, String password) throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof PEMKeyPair pair) {
                    // Only the private half: SEC 1 keys may omit the public key, and getKeyPair() then fails.
                    return toJdkKey(pair.getPrivateKeyInfo(), converter);
                }
                if (item instanceof PrivateKeyInfo info) {
                    return toJdkKey(info, converter);
                }
                if (item instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    return toJdkKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(DECRYPTION)
                                    .build(required(password))), converter);
                }
                if (item instanceof PEMEncryptedKeyPair encrypted) {
                    return toJdkKey(encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(DECRYPTION).build(required(password)))
                            .getPrivateKeyInfo(), converter);
                }
                // EC PARAMETERS, certificates: not the key, read on.
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new GeneralSecurityException("cannot decrypt the key (wrong endpoint.tls.key_password?)", e);
        } catch (org.bouncycastle.openssl.EncryptionException e) {
            throw new GeneralSecurityException("cannot decrypt the key (wrong endpoint.tls.key_password?)", e);
        }
        throw new GeneralSecurityException("no private key in the file");
    }

    /**
     * The key as the JDK's own provider builds it, by the JDK's algorithm name. Bouncy Castle's converter asks for
     * its own names ({@code ECDSA}), which a Bouncy Castle provider registered in the JVM (Karaf can have one) answers
     * with Bouncy Castle key classes; the JDK's TLS engine and the key/certificate check expect JDK keys.
     */
    private static PrivateKey toJdkKey(PrivateKeyInfo info, JcaPEMKeyConverter converter)
            throws IOException, GeneralSecurityException {
        // Algorithm name and the OpenJDK provider that implements it.
        String[] jdk = switch (info.getPrivateKeyAlgorithm().getAlgorithm().getId()) {
            case "1.2.840.113549.1.1.1" -> new String[] { "RSA", "SunRsaSign" };
            case "1.2.840.113549.1.1.10" -> new String[] { "RSASSA-PSS", "SunRsaSign" };
            case "1.2.840.10045.2.1" -> new String[] { "EC", "SunEC" };
            case "1.3.101.112" -> new String[] { "Ed25519", "SunEC" };
            case "1.3.101.113" -> new String[] { "Ed448", "SunEC" };
            case "1.2.840.10040.4.1" -> new String[] { "DSA", "SUN" };
            default -> null;
        };
        if (jdk == null) {
            return converter.getPrivateKey(info);
        }
        java.security.spec.PKCS8EncodedKeySpec spec = new java.security.spec.PKCS8EncodedKeySpec(info.getEncoded());
        java.security.Provider provider = java.security.Security.getProvider(jdk[1]);
        java.security.KeyFactory factory = provider != null ? java.security.KeyFactory.getInstance(jdk[0], provider)
                : java.security.KeyFactory.getInstance(jdk[0]);
        return factory.generatePrivate(spec);
    }

    /** Every certificate in {@code file}, in file order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the file");
        }
        return certificates;
    }

    private static char[] required(String password) throws GeneralSecurityException {
        if (password == null) {
            throw new GeneralSecurityException("the key is encrypted: set endpoint.tls.key_password");
        }
        return password.toCharArray();
    }
}
