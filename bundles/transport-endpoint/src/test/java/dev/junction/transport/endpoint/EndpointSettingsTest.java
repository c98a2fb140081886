package dev.junction.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.spi.config.ConfigValidator;
import dev.junction.transport.endpoint.internal.CipherNames;
import dev.junction.transport.endpoint.testing.TestCertificates;

class EndpointSettingsTest {

    @TempDir
    Path dir;

    private final List<String> notices = new ArrayList<>();

    private EndpointSettings parse(ConfigValidator v) {
        return EndpointSettings.parse(v, 8080, notices, name -> "PORT".equals(name) ? "9123" : null);
    }

    private static ConfigValidator config(Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ConfigValidator("test", properties);
    }

    @Test
    void plainTcpAndUnix() {
        ConfigValidator v = config();
        assertThat(parse(v)).isEqualTo(new EndpointSettings("tcp", 8080, "127.0.0.1", 50, null));
        assertThat(v.ok()).isTrue();
        assertThat(parse(config("endpoint.port", "$PORT")).port()).isEqualTo(9123);
        EndpointSettings unix = parse(config("endpoint.type", "unix", "endpoint.path", "/run/j.sock"));
        assertThat(unix.describe(-1)).isEqualTo("unix:/run/j.sock");
        assertThat(new EndpointSettings("tcp", 0, "::1", 50, null).describe(4242)).isEqualTo("tcp:[::1]:4242");
    }

    @Test
    void tlsFromPemFiles() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("CA");
        KeyPair keys = TestCertificates.rsa();
        TestCertificates.Issued server = TestCertificates.server(ca, keys);
        Path key = TestCertificates.write(dir.resolve("k.pem"), TestCertificates.traditional(keys.getPrivate()));
        Path cert = TestCertificates.write(dir.resolve("c.pem"), TestCertificates.certificates(server.certificate()));
        ConfigValidator v = config("endpoint.tls.key", key.toString(), "endpoint.tls.certificate", cert.toString(),
                "endpoint.tls.ca_certificates", cert + "," + cert, "endpoint.tls.ciphers",
                "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384", "endpoint.tls.dhparam", "dh.pem");
        EndpointSettings settings = parse(v);
        assertThat(v.errors()).isEmpty();
        assertThat(settings.isTls()).isTrue();
        assertThat(settings.describe(8443)).isEqualTo("tls:127.0.0.1:8443");
        assertThat(settings.tls().requestsClientCertificates()).isTrue();
        assertThat(settings.tls().ciphers()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(notices).anyMatch(n -> n.contains("dhparam is not supported"))
                .anyMatch(n -> n.contains("TLS 1.1") && n.contains("not supported"));
        // Empty strings, as the console posts them, leave TLS off.
        ConfigValidator empty = config("endpoint.tls.key", "", "endpoint.tls.certificate", "",
                "endpoint.tls.keystore", "", "endpoint.tls.chain_certificates", new String[0],
                "endpoint.tls.keystore_type", "", "endpoint.tls.key_password", "");
        assertThat(parse(empty).isTls()).isFalse();
        assertThat(empty.ok()).isTrue();
    }

    @Test
    void tlsRefusals() throws Exception {
        assertThat(refusal("endpoint.tls.key", "k.pem")).contains("endpoint.tls.certificate=\"\", required with");
        assertThat(refusal("endpoint.tls.certificate", "c.pem")).contains("endpoint.tls.key=\"\", required with");
        assertThat(refusal("endpoint.tls.key", "/nope/k.pem", "endpoint.tls.certificate", "/nope/c.pem"))
                .contains("endpoint.tls.key=/nope/k.pem, cannot read: no such file");
        assertThat(refusal("endpoint.tls.keystore", "k.p12", "endpoint.tls.key", "k.pem"))
                .contains("either endpoint.tls.keystore or endpoint.tls.key");
        assertThat(refusal("endpoint.tls.ciphers", "HIGH:!aNULL")).contains("needs endpoint.tls.key");
        assertThat(refusal("endpoint.type", "unix", "endpoint.path", "/x", "endpoint.tls.key", "k", "endpoint.tls.certificate", "c"))
                .contains("TLS is allowed only with endpoint.type=tcp");
        assertThat(refusal("endpoint.tls.crt", "c.pem")).contains("endpoint.tls.crt=c.pem, unknown key");
        assertThat(refusal("endpoint.version", 6)).contains("endpoint.version=6, not supported by Junction");
    }

    private String refusal(Object... keyValues) {
        ConfigValidator v = config(keyValues);
        parse(v);
        assertThat(v.ok()).as("refused").isFalse();
        return v.summary();
    }

    @Test
    void mapsOpenSslCipherNames() {
        assertThat(CipherNames.toJdk("ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:"
                + "DHE-RSA-AES128-SHA256:ECDHE-RSA-AES128-SHA:DHE-RSA-AES128-SHA")).containsExactly(
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA");
        assertThat(CipherNames.toJdk("ECDHE-ECDSA-AES256-GCM-SHA384, AES128-SHA ECDHE-RSA-CHACHA20-POLY1305"))
                .containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(CipherNames.toJdk("TLS_AES_128_GCM_SHA256")).containsExactly("TLS_AES_128_GCM_SHA256");
        assertThatThrownBy(() -> CipherNames.toJdk("HIGH:!aNULL:ECDHE-RSA-AES128-SHA"))
                .hasMessageContaining("cannot map HIGH, !aNULL");
        assertThatThrownBy(() -> CipherNames.toJdk("RC4-MD5")).hasMessageContaining("RC4-MD5");
    }
}
