package dev.junction.transport.rawsocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.spi.transport.TransportStatus;
import dev.junction.transport.endpoint.testing.TestCertificates;
import dev.junction.transport.rawsocket.internal.EchoRouter.FakeSerializer;

/** The transport over real sockets, with a router that echoes: handshake answers, framing, limits, unix, TLS. */
class RawSocketTransportTest {

    private static final int JSON_16M = 0xF1;
    private static final int MSGPACK_16M = 0xF2;

    /** A component with a router and both serializers, started on a free port. */
    static final class Fixture implements AutoCloseable {
        final EchoRouter router = new EchoRouter();
        final RawSocketTransportComponent component = new RawSocketTransportComponent();

        Fixture(Object... keyValues) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("service.pid", RawSocketSettings.PID + "~test");
            properties.put("endpoint.port", 0);
            for (int i = 0; i < keyValues.length; i += 2) {
                properties.put((String) keyValues[i], keyValues[i + 1]);
            }
            component.shutdownTimeout = Duration.ofSeconds(2);
            component.bindRouter(router);
            component.bindSerializer(FakeSerializer.JSON, FakeSerializer.JSON.properties());
            component.bindSerializer(FakeSerializer.MSGPACK, FakeSerializer.MSGPACK.properties());
            component.activate(properties);
        }

        RawClient connect() throws IOException {
            return new RawClient(new Socket("127.0.0.1", component.transport().localPort()));
        }

        @Override
        public void close() {
            component.deactivate();
        }
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    @Test
    void acceptsAndEchoesJsonAndMsgpack() throws Exception {
        try (Fixture f = new Fixture(); RawClient json = f.connect(); RawClient msgpack = f.connect()) {
            // Default max_message_size 128 KiB = 2^17: announced as exponent 8.
            assertThat(json.handshake(0x7F, JSON_16M, 0, 0)).containsExactly(bytes(0x7F, 0x81, 0, 0));
            assertThat(msgpack.handshake(0x7F, MSGPACK_16M, 0, 0)).containsExactly(bytes(0x7F, 0x82, 0, 0));
            json.sendText("[1,\"realm1\",{}]");
            assertThat(json.receiveText()).isEqualTo("[1,\"realm1\",{}]");
            msgpack.send(0, bytes(0x93, 1, 2, 3));
            assertThat((byte[]) msgpack.receive()[1]).containsExactly(bytes(0x93, 1, 2, 3));

            EchoRouter.Handle first = f.router.handle(1);
            assertThat(first.request.transportType()).isEqualTo("rawsocket");
            assertThat(first.request.transportId()).isEqualTo("test");
            assertThat(first.request.peer()).startsWith("tcp4:127.0.0.1:");
            assertThat(first.request.secure()).isFalse();
            assertThat(first.request.clientCertificates()).isEmpty();
            assertThat(f.router.requests).extracting(r -> r.serializer().name()).containsExactlyInAnyOrder("json",
                    "msgpack");
            assertThat(f.component.status().connections()).isEqualTo(2);
        }
    }

    @Test
    void answersPingWithPongAndAcceptsEmptyFrames() throws Exception {
        try (Fixture f = new Fixture(); RawClient client = f.connect()) {
            client.handshake(0x7F, JSON_16M, 0, 0);
            client.send(1, "abc".getBytes(StandardCharsets.US_ASCII));
            Object[] pong = client.receive();
            assertThat(pong[0]).isEqualTo(2);
            assertThat(new String((byte[]) pong[1], StandardCharsets.US_ASCII)).isEqualTo("abc");
            client.send(2, new byte[0]); // an unsolicited PONG is ignored
            client.sendText("[]");
            assertThat(client.receiveText()).isEqualTo("[]");
        }
    }

    @Test
    void handshakeErrorCodes() throws Exception {
        try (Fixture f = new Fixture("serializers", "json", "options.min_peer_max_message_size", 4096,
                "options.max_connections", 1)) {
            try (RawClient c = f.connect()) { // 1: serializer unsupported (msgpack is not configured)
                assertThat(c.handshake(0x7F, MSGPACK_16M, 0, 0)).containsExactly(bytes(0x7F, 0x10, 0, 0));
                assertThat(c.closedByServer()).isTrue();
            }
            try (RawClient c = f.connect()) { // 1: id 0 is no serializer
                assertThat(c.handshake(0x7F, 0xF0, 0, 0)).containsExactly(bytes(0x7F, 0x10, 0, 0));
            }
            try (RawClient c = f.connect()) { // 2: the client accepts only 2^(9+2) = 2048 bytes
                assertThat(c.handshake(0x7F, 0x21, 0, 0)).containsExactly(bytes(0x7F, 0x20, 0, 0));
            }
            try (RawClient c = f.connect()) { // 3: reserved octets used
                assertThat(c.handshake(0x7F, JSON_16M, 0, 1)).containsExactly(bytes(0x7F, 0x30, 0, 0));
            }
            assertThat(f.router.requests).isEmpty();
            try (RawClient ok = f.connect(); RawClient second = f.connect()) {
                // Positive control: 4096 bytes is enough, json is offered, and the first connection fits.
                assertThat(ok.handshake(0x7F, 0x31, 0, 0)).containsExactly(bytes(0x7F, 0x81, 0, 0));
                // 4: options.max_connections=1
                assertThat(second.handshake(0x7F, JSON_16M, 0, 0)).containsExactly(bytes(0x7F, 0x40, 0, 0));
                assertThat(second.closedByServer()).isTrue();
            }
            Poll.until("the first connection is gone", () -> f.component.status().connections() == 0);
            try (RawClient again = f.connect()) { // the slot is free again
                assertThat(again.handshake(0x7F, JSON_16M, 0, 0)).containsExactly(bytes(0x7F, 0x81, 0, 0));
            }
        }
    }

    @Test
    void routerRefusalIsErrorFourAndNotRawSocketIsClosedWithoutReply() throws Exception {
        try (Fixture f = new Fixture()) {
            f.router.refuseStatus = 503;
            try (RawClient c = f.connect()) {
                assertThat(c.handshake(0x7F, JSON_16M, 0, 0)).containsExactly(bytes(0x7F, 0x40, 0, 0));
            }
            f.router.refuseStatus = 0;
            try (RawClient c = f.connect()) {
                c.socket.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.socket.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void inboundMessageOverTheLimitClosesWith1009() throws Exception {
        try (Fixture f = new Fixture("options.max_message_size", 1024); RawClient client = f.connect()) {
            // 1024 = 2^(9+1): announced as exponent 1.
            assertThat(client.handshake(0x7F, JSON_16M, 0, 0)).containsExactly(bytes(0x7F, 0x11, 0, 0));
            client.send(0, new byte[1024]);
            assertThat(((byte[]) client.receive()[1]).length).isEqualTo(1024);
            client.send(0, new byte[1025]);
            assertThat(client.closedByServer()).isTrue();
            EchoRouter.Handle handle = f.router.handle(1);
            Poll.until("router told", () -> handle.closeCode == 1009);
            assertThat(handle.messages).hasSize(1);
        }
    }

    @Test
    void reservedFrameTypeClosesWith1002() throws Exception {
        try (Fixture f = new Fixture(); RawClient client = f.connect()) {
            client.handshake(0x7F, JSON_16M, 0, 0);
            client.send(3, new byte[1]);
            assertThat(client.closedByServer()).isTrue();
            EchoRouter.Handle handle = f.router.handle(1);
            Poll.until("router told", () -> handle.closeCode == 1002);
        }
    }

    @Test
    void outboundMessageOverThePeersMaximumClosesInsteadOfSending() throws Exception {
        try (Fixture f = new Fixture(); RawClient client = f.connect()) {
            client.handshake(0x7F, 0x01, 0, 0); // the client accepts at most 512 bytes
            EchoRouter.Handle handle = f.router.handle(1);
            handle.connection.send(new byte[512]);
            assertThat(((byte[]) client.receive()[1]).length).isEqualTo(512);
            handle.connection.send(new byte[513]);
            assertThat(client.closedByServer()).isTrue();
            Poll.until("router told", () -> handle.closeCode == 1009);
        }
    }

    @Test
    void closeFromTheRouterWritesQueuedMessagesFirstAndPeerCloseIsReported() throws Exception {
        try (Fixture f = new Fixture(); RawClient client = f.connect(); RawClient other = f.connect()) {
            client.handshake(0x7F, JSON_16M, 0, 0);
            EchoRouter.Handle handle = f.router.handle(1);
            for (int i = 0; i < 100; i++) {
                handle.connection.send(("[" + i + "]").getBytes(StandardCharsets.UTF_8));
            }
            handle.connection.close(1000, "bye");
            for (int i = 0; i < 100; i++) {
                assertThat(client.receiveText()).isEqualTo("[" + i + "]");
            }
            assertThat(client.closedByServer()).isTrue();
            Poll.until("router told", () -> handle.closeCode == 1000);
            assertThat(handle.closeReason).isEqualTo("bye");

            other.handshake(0x7F, JSON_16M, 0, 0);
            EchoRouter.Handle second = f.router.handle(2);
            other.socket.shutdownOutput(); // autobahn-js closes with end(): a half-close
            Poll.until("peer close reported", () -> second.closeCode == 1000);
            assertThat(second.closeCalls.get()).isEqualTo(1);
        }
    }

    @Test
    void deactivationSaysGoodbyeAndCloses() throws Exception {
        Fixture f = new Fixture();
        try (RawClient client = f.connect()) {
            client.handshake(0x7F, JSON_16M, 0, 0);
            f.router.handle(1);
            f.close();
            assertThat(client.receiveText()).isEqualTo(new String(EchoRouter.GOODBYE, StandardCharsets.UTF_8));
            assertThat(client.closedByServer()).isTrue();
            assertThat(f.component.status().state()).isEqualTo(TransportStatus.State.STOPPED);
        }
    }

    @Test
    void autoPingDropsAPeerThatNeverAnswers() throws Exception {
        try (Fixture f = new Fixture("options.auto_ping_interval", 1000, "options.auto_ping_timeout", 1000);
                RawClient client = f.connect()) {
            client.handshake(0x7F, JSON_16M, 0, 0);
            Object[] ping = client.receive();
            assertThat(ping[0]).isEqualTo(1);
            client.send(2, (byte[]) ping[1]); // answered: the connection stays
            Object[] next = client.receive();
            assertThat(next[0]).isEqualTo(1);
            assertThat(client.closedByServer()).isTrue(); // not answered: dropped
            EchoRouter.Handle handle = f.router.handle(1);
            Poll.until("router told", () -> handle.closeCode == 1006);
            assertThat(handle.closeReason).isEqualTo("auto-ping timeout");
        }
    }

    @Test
    void aClientThatNeverSendsItsHandshakeIsClosedAfterTheOpenHandshakeTimeout() throws Exception {
        try (Fixture f = new Fixture("options.open_handshake_timeout", 1000); RawClient silent = f.connect();
                RawClient quick = f.connect()) {
            quick.handshake(0x7F, JSON_16M, 0, 0); // control: a handshake in time, then silence, stays open
            assertThat(silent.closedByServer()).isTrue();
            quick.sendText("[2]");
            assertThat(quick.receiveText()).isEqualTo("[2]");
        }
    }

    @Test
    void refusedConfigurationAndPortInUseStayVisible() throws Exception {
        try (Fixture bad = new Fixture("options.max_message_size", 0, "options.colour", "blue")) {
            TransportStatus status = bad.component.status();
            assertThat(status.state()).isEqualTo(TransportStatus.State.FAILED);
            assertThat(status.error()).contains("options.max_message_size=0, allowed 1..16777216")
                    .contains("options.colour=blue, unknown key");
        }
        try (Fixture first = new Fixture();
                Fixture second = new Fixture("endpoint.port", first.component.transport().localPort())) {
            assertThat(second.component.status().error()).endsWith(", port in use");
        }
    }

    @Test
    void unixSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("rs.sock");
        try (Fixture f = new Fixture("endpoint.type", "unix", "endpoint.path", socket.toString())) {
            assertThat(f.component.status().endpoint()).isEqualTo("unix:" + socket);
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                var out = Channels.newOutputStream(channel);
                var in = new java.io.DataInputStream(Channels.newInputStream(channel));
                out.write(bytes(0x7F, JSON_16M, 0, 0));
                byte[] reply = new byte[4];
                in.readFully(reply);
                assertThat(reply).containsExactly(bytes(0x7F, 0x81, 0, 0));
                out.write(bytes(0, 0, 0, 2, '[', ']'));
                byte[] echo = new byte[6];
                in.readFully(echo);
                assertThat(echo).containsExactly(bytes(0, 0, 0, 2, '[', ']'));
                assertThat(f.router.handle(1).request.peer()).isEqualTo("unix");
            }
        }
    }

    @Test
    void tlsCiphersGivenByTheirOpenSslNamesAreTheOnlyOnesOffered(@TempDir Path dir) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Junction Test CA");
        KeyPair serverKeys = TestCertificates.ec();
        Path key = TestCertificates.write(dir.resolve("server.key"), TestCertificates.pkcs8(serverKeys.getPrivate()));
        Path certificate = TestCertificates.write(dir.resolve("server.crt"),
                TestCertificates.certificates(TestCertificates.server(ca, serverKeys).certificate()));
        try (Fixture f = new Fixture("endpoint.tls.key", key.toString(), "endpoint.tls.certificate",
                certificate.toString(), "endpoint.tls.ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256")) {
            int port = f.component.transport().localPort();
            // A client that offers the suite gets it (TLS 1.2: the TLS 1.3 suites are not in the list).
            try (SSLSocket offering = tls12(ca, port, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
                offering.startHandshake();
                assertThat(offering.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            }
            // One that offers only another suite the JDK would accept by default is refused.
            try (SSLSocket other = tls12(ca, port, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")) {
                assertThatThrownBy(other::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
            }
        }
    }

    private static SSLSocket tls12(TestCertificates.Issued ca, int port, String... suites) throws Exception {
        SSLSocket socket = (SSLSocket) TestCertificates.clientContext(ca, null).getSocketFactory()
                .createSocket("127.0.0.1", port);
        socket.setEnabledProtocols(new String[] { "TLSv1.2" });
        socket.setEnabledCipherSuites(suites);
        socket.setSoTimeout(30_000); // a bound for the test only
        return socket;
    }

    @Test
    void tlsWithClientCertificates(@TempDir Path dir) throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("Junction Test CA");
        KeyPair serverKeys = TestCertificates.ec();
        TestCertificates.Issued server = TestCertificates.server(ca, serverKeys);
        TestCertificates.Issued client = TestCertificates.client(ca, "alice");
        Path key = TestCertificates.write(dir.resolve("server.key"),
                TestCertificates.pkcs8Encrypted(serverKeys.getPrivate(), "pw"));
        Path certificate = TestCertificates.write(dir.resolve("server.crt"),
                TestCertificates.certificates(server.certificate()));
        Path cas = TestCertificates.write(dir.resolve("ca.crt"), TestCertificates.certificates(ca.certificate()));
        try (Fixture f = new Fixture("endpoint.tls.key", key.toString(), "endpoint.tls.key_password", "pw",
                "endpoint.tls.certificate", certificate.toString(), "endpoint.tls.chain_certificates", cas.toString(),
                "endpoint.tls.ca_certificates", cas.toString())) {
            int port = f.component.transport().localPort();
            assertThat(f.component.status().endpoint()).isEqualTo("tls:127.0.0.1:" + port);
            try (SSLSocket withCertificate = (SSLSocket) TestCertificates.clientContext(ca, client).getSocketFactory()
                    .createSocket("127.0.0.1", port); RawClient c = new RawClient(withCertificate)) {
                assertThat(c.handshake(0x7F, JSON_16M, 0, 0)).containsExactly(bytes(0x7F, 0x81, 0, 0));
                c.sendText("[1]");
                assertThat(c.receiveText()).isEqualTo("[1]");
                assertThat(withCertificate.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                EchoRouter.Handle handle = f.router.handle(1);
                assertThat(handle.request.secure()).isTrue();
                assertThat(handle.request.clientCertificates()).hasSize(1);
                assertThat(handle.request.clientCertificates().get(0).getSubjectX500Principal().getName())
                        .isEqualTo("CN=alice");
            }
            // Without a client certificate: accepted (requested, not required), and the router sees none.
            try (SSLSocket anonymous = (SSLSocket) TestCertificates.clientContext(ca, null).getSocketFactory()
                    .createSocket("127.0.0.1", port); RawClient c = new RawClient(anonymous)) {
                assertThat(c.handshake(0x7F, JSON_16M, 0, 0)).containsExactly(bytes(0x7F, 0x81, 0, 0));
                EchoRouter.Handle handle = f.router.handle(2);
                assertThat(handle.request.secure()).isTrue();
                assertThat(handle.request.clientCertificates()).isEmpty();
            }
            // A certificate from another CA never reaches the router: the server names its CAs in the certificate
            // request, so the JDK client does not offer it, and the connection is accepted without one.
            TestCertificates.Issued stranger = TestCertificates.client(TestCertificates.ca("Other CA"), "mallory");
            try (SSLSocket other = (SSLSocket) TestCertificates.clientContext(ca, stranger).getSocketFactory()
                    .createSocket("127.0.0.1", port); RawClient c = new RawClient(other)) {
                assertThat(c.handshake(0x7F, JSON_16M, 0, 0)).containsExactly(bytes(0x7F, 0x81, 0, 0));
                assertThat(f.router.handle(3).request.clientCertificates()).isEmpty();
            }
        }
    }

}
