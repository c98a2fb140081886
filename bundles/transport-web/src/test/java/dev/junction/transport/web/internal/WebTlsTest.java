package dev.junction.transport.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.transport.endpoint.testing.TestCertificates;

/** TLS through the shared endpoint keys; HSTS only over TLS; the bridge's require_tls passes over TLS. */
class WebTlsTest {

    @Test
    void hstsOverTlsAndRequireTlsPasses(@TempDir Path dir) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Junction Test CA");
        KeyPair keys = TestCertificates.rsa();
        TestCertificates.Issued server = TestCertificates.server(ca, keys);
        Path key = TestCertificates.write(dir.resolve("server.key"), TestCertificates.traditional(keys.getPrivate()));
        Path certificate = TestCertificates.write(dir.resolve("server.crt"),
                TestCertificates.certificates(server.certificate(), ca.certificate()));
        BridgeHandlerTest.RecordingBridge bridge = new BridgeHandlerTest.RecordingBridge();
        try (WebFixture web = new WebFixture("endpoint.tls.key", key.toString(), "endpoint.tls.certificate",
                certificate.toString(), "options.hsts", true, "options.hsts_max_age", 600)) {
            web.mount("/info", SimpleHandlers.nodeInfo(() -> WebServer.status("tls", "x", 1, 0)));
            PathSettings p = WebFixture.path(dir, "path", "/tls", "type", "publisher", "realm", "r",
                    "options.require_tls", true);
            web.mount(p.path(), new BridgeHandler("tls", p.path(), p.type(), (PathSettings.BridgeService) p.service(),
                    bridge, java.time.Instant::now));
            HttpClient https = HttpClient.newBuilder().sslContext(TestCertificates.clientContext(ca, null)).build();
            String base = "https://localhost:" + web.server.localPort();
            HttpResponse<String> info = https.send(HttpRequest.newBuilder(URI.create(base + "/info")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.headers().firstValue("Strict-Transport-Security")).contains("max-age=600");

            HttpResponse<String> published = https.send(HttpRequest.newBuilder(URI.create(base + "/tls"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"topic\": \"t\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).isEqualTo(200);
            assertThat(bridge.published).hasSize(1);
        }
        // Control: without TLS there is no HSTS header, even with options.hsts
        try (WebFixture plain = new WebFixture("options.hsts", true)) {
            plain.mount("/info", SimpleHandlers.nodeInfo(() -> WebServer.status("plain", "x", 1, 0)));
            HttpResponse<String> info = plain.get("/info");
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }
}
