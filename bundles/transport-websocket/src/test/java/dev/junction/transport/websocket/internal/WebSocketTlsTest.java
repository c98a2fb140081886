package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.transport.endpoint.testing.TestCertificates;

/** wss through the shared endpoint code: the router sees a secure connection and the client's certificate. */
class WebSocketTlsTest {

    @Test
    void wssWithAndWithoutClientCertificate(@TempDir Path dir) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Junction Test CA");
        KeyPair keys = TestCertificates.rsa();
        TestCertificates.Issued server = TestCertificates.server(ca, keys);
        TestCertificates.Issued client = TestCertificates.client(ca, "bob");
        Path key = TestCertificates.write(dir.resolve("server.key"), TestCertificates.traditional(keys.getPrivate()));
        Path certificate = TestCertificates.write(dir.resolve("server.crt"),
                TestCertificates.certificates(server.certificate(), ca.certificate()));
        Path cas = TestCertificates.write(dir.resolve("ca.crt"), TestCertificates.certificates(ca.certificate()));
        try (Fixture f = Fixture.started("endpoint.tls.key", key.toString(), "endpoint.tls.certificate",
                certificate.toString(), "endpoint.tls.ca_certificates", cas.toString(),
                "endpoint.tls.ciphers", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:TLS_AES_128_GCM_SHA256")) {
            assertThat(f.component.status().endpoint()).isEqualTo("tls:127.0.0.1:" + f.port());
            URI uri = URI.create("wss://localhost:" + f.port() + "/ws");

            echo(HttpClient.newBuilder().sslContext(TestCertificates.clientContext(ca, client)).build(), uri);
            FakeRouter.Handle withCertificate = f.router.handle(1);
            assertThat(withCertificate.request.secure()).isTrue();
            assertThat(withCertificate.request.clientCertificates()).singleElement()
                    .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=bob"));

            echo(HttpClient.newBuilder().sslContext(TestCertificates.clientContext(ca, null)).build(), uri);
            FakeRouter.Handle anonymous = f.router.handle(2);
            assertThat(anonymous.request.secure()).isTrue();
            assertThat(anonymous.request.clientCertificates()).isEmpty();
        }
        // Control: a plain listener reports neither.
        try (Fixture plain = Fixture.started()) {
            echo(HttpClient.newHttpClient(), plain.uri());
            assertThat(plain.router.handle(1).request.secure()).isFalse();
        }
    }

    /** Opens a wamp.2.json WebSocket, sends one text message and waits for the echo. */
    private static void echo(HttpClient http, URI uri) throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("wamp.2.json").buildAsync(uri, new WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                received.complete(data.toString());
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                received.completeExceptionally(error);
            }
        }).get(10, TimeUnit.SECONDS);
        ws.sendText("[1]", true).get(10, TimeUnit.SECONDS);
        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("[1]");
        ws.abort();
    }
}
