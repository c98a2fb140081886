package dev.junction.transport.endpoint.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.junction.transport.endpoint.EndpointException;
import dev.junction.transport.endpoint.TlsSettings;

/**
 * The key and trust material a TLS endpoint needs, read from the configured files into in-memory keystores.
 *
 * @param keyStore holds exactly the server's key entry, protected with {@link #keyPassword}
 * @param keyPassword password of the key entry
 * @param trustStore the {@code ca_certificates} for client certificates, or {@code null}
 */
public record TlsMaterial(KeyStore keyStore, String keyPassword, KeyStore trustStore) {

    /** The in-memory keystore's password: it never leaves this process, so it protects nothing and needs no secret. */
    private static final String IN_MEMORY = "junction";

    /**
     * Reads every file. Each failure names its key: {@code endpoint.tls.key=/etc/k.pem, cannot read: ...}.
     */
    public static TlsMaterial load(TlsSettings tls) throws EndpointException {
        KeyStore keys = tls.keystore() != null ? loadKeystore(tls) : loadPem(tls);
        String keyPassword = tls.keystore() != null
                ? (tls.keyPassword() != null ? tls.keyPassword() : tls.keystorePassword() == null ? "" : tls.keystorePassword())
                : IN_MEMORY;
        KeyStore trust = null;
        if (tls.requestsClientCertificates()) {
            try {
                trust = emptyStore();
                int i = 0;
                for (Path file : tls.caCertificates()) {
                    for (X509Certificate ca : certificates("endpoint.tls.ca_certificates", file)) {
                        trust.setCertificateEntry("ca-" + i++, ca);
                    }
                }
            } catch (GeneralSecurityException | IOException e) {
                throw new EndpointException("endpoint.tls.ca_certificates", tls.caCertificates(), "cannot use: "
                        + describe(e), e);
            }
        }
        return new TlsMaterial(keys, keyPassword, trust);
    }

    private static KeyStore loadPem(TlsSettings tls) throws EndpointException {
        PrivateKey key;
        try {
            key = PemFiles.readPrivateKey(tls.key(), tls.keyPassword());
        } catch (IOException | GeneralSecurityException e) {
            throw new EndpointException("endpoint.tls.key", tls.key(), "cannot read: " + describe(e), e);
        }
        List<X509Certificate> chain = new ArrayList<>(certificates("endpoint.tls.certificate", tls.certificate()));
        for (Path file : tls.chainCertificates()) {
            chain.addAll(certificates("endpoint.tls.chain_certificates", file));
        }
        if (!chain.get(0).getPublicKey().equals(publicKeyOf(key, chain.get(0)))) {
            throw new EndpointException("endpoint.tls.certificate", tls.certificate(),
                    "does not belong to endpoint.tls.key " + tls.key(), null);
        }
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("server", key, IN_MEMORY.toCharArray(), chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new EndpointException("endpoint.tls.key", tls.key(), "cannot use: " + describe(e), e);
        }
    }

    /**
     * The certificate's public key when it matches {@code key}, else {@code null}: the JDK's TLS engine would only
     * fail at the first handshake, with a message no operator connects to the files.
     */
    private static java.security.PublicKey publicKeyOf(PrivateKey key, X509Certificate certificate) {
        try {
            String algorithm = certificate.getPublicKey().getAlgorithm();
            if (!algorithm.equals(key.getAlgorithm())) {
                return null;
            }
            String signatureAlgorithm = switch (algorithm) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> null;
            };
            if (signatureAlgorithm == null) {
                return certificate.getPublicKey(); // cannot check: let the handshake decide
            }
            byte[] probe = "junction".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature) ? certificate.getPublicKey() : null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static KeyStore loadKeystore(TlsSettings tls) throws EndpointException {
        String where = "endpoint.tls.keystore";
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore store = KeyStore.getInstance(tls.keystoreType());
            char[] password = tls.keystorePassword() == null ? null : tls.keystorePassword().toCharArray();
            store.load(in, password);
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.isEmpty()) {
                throw new EndpointException(where, tls.keystore(), "contains no private key entry", null);
            }
            String keyPassword = tls.keyPassword() != null ? tls.keyPassword() : tls.keystorePassword();
            try {
                store.getKey(keyAliases.get(0), keyPassword == null ? new char[0] : keyPassword.toCharArray());
            } catch (GeneralSecurityException e) {
                throw new EndpointException(where, tls.keystore(),
                        "cannot read its key (wrong endpoint.tls.key_password?)", e);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new EndpointException(where, tls.keystore(), "cannot read: " + describe(e), e);
        }
    }

    private static List<X509Certificate> certificates(String key, Path file) throws EndpointException {
        try {
            return PemFiles.readCertificates(file);
        } catch (IOException | GeneralSecurityException e) {
            throw new EndpointException(key, file, "cannot read: " + describe(e), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
