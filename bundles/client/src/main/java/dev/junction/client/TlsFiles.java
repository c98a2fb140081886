package dev.junction.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client's TLS context from PEM files, as a connecting transport's {@code endpoint.tls} names them: the CA
 * certificates to trust (none: the JDK's default trust store) and optionally a client certificate with its key
 * (for routers that verify client certificates). Only the JDK is used, so the key must be PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey} writes it: RSA, EC or Ed25519) or a PKCS#1 RSA key
 * ({@code -----BEGIN RSA PRIVATE KEY-----}); convert others with {@code openssl pkcs8 -topk8 -nocrypt}.
 */
public final class TlsFiles {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsFiles() {
    }

    /**
     * The TLS context.
     *
     * @param caCertificates PEM files of the certificates to trust; empty means the JDK's default trust store
     * @param certificate the client certificate (PEM, the chain may follow it), or {@code null}
     * @param key the client certificate's PKCS#8 PEM key; required with {@code certificate}
     * @throws IOException naming the file that cannot be read or parsed
     */
    public static SSLContext context(List<Path> caCertificates, Path certificate, Path key) throws IOException {
        try {
            TrustManagerFactory trust = null;
            if (!caCertificates.isEmpty()) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                int n = 0;
                for (Path file : caCertificates) {
                    for (Certificate c : certificates(file)) {
                        anchors.setCertificateEntry("ca" + n++, c);
                    }
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(anchors);
            }
            KeyManagerFactory keys = null;
            if (certificate != null) {
                if (key == null) {
                    throw new IOException("a client certificate needs its key");
                }
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                List<Certificate> chain = new ArrayList<>(certificates(certificate));
                identity.setKeyEntry("client", privateKey(key), NO_PASSWORD, chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, NO_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            return all;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] pkcs1 = block(pem, "RSA PRIVATE KEY");
        byte[] der = pkcs1 != null ? rsaPkcs8(pkcs1) : block(pem, "PRIVATE KEY");
        if (der == null) {
            throw new IOException(file + " is neither a PKCS#8 PEM key (BEGIN PRIVATE KEY) nor an RSA one (BEGIN RSA "
                    + "PRIVATE KEY); convert it with openssl pkcs8 -topk8 -nocrypt");
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(file + " holds no RSA, EC or Ed25519 key");
    }

    private static byte[] block(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END " + label + "-----");
        return from < 0 || to < from ? null : Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    /** Wraps a PKCS#1 RSA key in PKCS#8's PrivateKeyInfo (version 0, rsaEncryption, the key as an OCTET STRING). */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] algorithm = { 0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01,
            0x01, 0x05, 0x00 };
        byte[] version = { 0x02, 0x01, 0x00 };
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] { (byte) n }
                : n < 0x100 ? new byte[] { (byte) 0x81, (byte) n }
                : n < 0x10000 ? new byte[] { (byte) 0x82, (byte) (n >> 8), (byte) n }
                : new byte[] { (byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n };
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }
}
