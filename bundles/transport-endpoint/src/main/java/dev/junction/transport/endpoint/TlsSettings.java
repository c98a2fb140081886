package dev.junction.transport.endpoint;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code endpoint.tls.*} keys of a tcp endpoint, checked. Either a PEM key and certificate or a Java keystore
 * provides the server's key; the files are read again each time a connector is built.
 *
 * @param key PEM private key file (PKCS#1, PKCS#8, encrypted PKCS#8, EC, legacy encrypted OpenSSL), or {@code null}
 *            when a keystore is used
 * @param certificate PEM certificate file: the server's certificate, optionally followed by its chain
 * @param chainCertificates further PEM files with intermediate certificates, sent after {@code certificate}
 * @param caCertificates PEM files with the CAs that sign client certificates; when not empty, clients are asked for
 *            a certificate, and one that is presented must verify against these (as Crossbar does)
 * @param keyPassword password of an encrypted PEM key, or of the key entry in the keystore; {@code null} for none
 * @param keystore a PKCS#12 or JKS keystore with the server's key entry, or {@code null}
 * @param keystoreType {@code PKCS12} or {@code JKS}
 * @param keystorePassword the keystore's password, or {@code null}
 * @param ciphers JDK cipher suite names (OpenSSL names already mapped); empty means the JDK's defaults
 */
public record TlsSettings(Path key, Path certificate, List<Path> chainCertificates, List<Path> caCertificates,
        String keyPassword, Path keystore, String keystoreType, String keystorePassword, List<String> ciphers) {

    public TlsSettings {
        chainCertificates = List.copyOf(chainCertificates);
        caCertificates = List.copyOf(caCertificates);
        ciphers = List.copyOf(ciphers);
    }

    /** Whether clients are asked for a certificate ({@code ca_certificates} is set). */
    public boolean requestsClientCertificates() {
        return !caCertificates.isEmpty();
    }

    /** Passwords never appear in logs or status lines. */
    @Override
    public String toString() {
        return "TlsSettings[key=" + key + ", certificate=" + certificate + ", chainCertificates=" + chainCertificates
                + ", caCertificates=" + caCertificates + ", keystore=" + keystore + ", ciphers=" + ciphers + "]";
    }
}
