package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code <subprotocol>.batched} over a real socket (the transport started through its component, the fake router
 * echoes each message): batches in are split into single messages for the router, every message out is a batch of
 * one, malformed batches reach the router as a framing error (it answers with ABORT and closes).
 */
class BatchedWebSocketTest {
    private static WebSocketClient client;

    @BeforeAll
    static void startClient() throws Exception {
        client = new WebSocketClient();
        client.setIdleTimeout(Duration.ofMinutes(2));
        client.start();
    }

    @AfterAll
    static void stopClient() throws Exception {
        client.stop();
    }

    @Test
    void jsonBatchesAreSplitAtTheRecordSeparatorAndEveryMessageOutIsTerminatedByIt() throws Exception {
        try (Fixture f = Fixture.started()) {
            TestClient c = new TestClient();
            Session s = f.connect(client, c, "wamp.2.json.batched");
            assertThat(s.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("wamp.2.json.batched");
            s.sendText("[1,\"a\"]\u001e[2,\"b\"]\u001e", Callback.NOOP);
            FakeRouter.Handle h = f.router.handle(1);
            assertThat(h.request.serializer().subprotocol()).isEqualTo("wamp.2.json");
            // the router's two echoes come back as two batches of one
            assertThat(c.next()).isEqualTo("[1,\"a\"]\u001e");
            assertThat(c.next()).isEqualTo("[2,\"b\"]\u001e");
            assertThat(h.messages).extracting(m -> new String(m, StandardCharsets.UTF_8))
                    .containsExactly("[1,\"a\"]", "[2,\"b\"]");
        }
    }

    @Test
    void aClientUsing0x18AsSeparatorGets0x18Back() throws Exception {
        // autobahn-python writes the separator as b'\30' (octal: 0x18) and splits at 0x18 only
        try (Fixture f = Fixture.started()) {
            TestClient c = new TestClient();
            Session s = f.connect(client, c, "wamp.2.json.batched");
            s.sendText("[1]\u0018[2]\u0018", Callback.NOOP);
            assertThat(c.next()).isEqualTo("[1]\u0018");
            assertThat(c.next()).isEqualTo("[2]\u0018");
            // positive control: the spec's separator on a second connection is answered with the spec's separator
            TestClient d = new TestClient();
            f.connect(client, d, "wamp.2.json.batched").sendText("[3]\u001e", Callback.NOOP);
            assertThat(d.next()).isEqualTo("[3]\u001e");
        }
    }

    @Test
    void binaryBatchesCarryA4ByteBigEndianLengthBeforeEveryMessage() throws Exception {
        try (Fixture f = Fixture.started()) {
            TestClient c = new TestClient();
            Session s = f.connect(client, c, "wamp.2.msgpack.batched");
            assertThat(s.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("wamp.2.msgpack.batched");
            s.sendBinary(ByteBuffer.wrap(HexFormat.of().parseHex("00000002" + "9101" + "00000000" + "00000001" + "07")),
                    Callback.NOOP);
            FakeRouter.Handle h = f.router.handle(1);
            assertThat((byte[]) c.next()).containsExactly(HexFormat.of().parseHex("000000029101"));
            assertThat((byte[]) c.next()).containsExactly(HexFormat.of().parseHex("00000000"));
            assertThat((byte[]) c.next()).containsExactly(HexFormat.of().parseHex("0000000107"));
            assertThat(h.messages).hasSize(3);
            assertThat(h.wrongFrames).isEmpty();
        }
    }

    @Test
    void malformedBatchesAreReportedToTheRouter() throws Exception {
        for (Object bad : List.of("", "[1]", "[1]\u001e[2]", ByteBuffer.wrap(new byte[] { 0, 0, 0 }),
                ByteBuffer.wrap(new byte[] { 0, 0, 0, 5, 1 }), ByteBuffer.wrap(new byte[0]))) {
            try (Fixture f = Fixture.started()) {
                boolean binary = bad instanceof ByteBuffer;
                TestClient c = new TestClient();
                Session s = f.connect(client, c, binary ? "wamp.2.msgpack.batched" : "wamp.2.json.batched");
                if (binary) {
                    s.sendBinary((ByteBuffer) bad, Callback.NOOP);
                } else {
                    s.sendText((String) bad, Callback.NOOP);
                }
                FakeRouter.Handle h = f.router.handle(1);
                Poll.until("framing error reported for " + bad, () -> !h.wrongFrames.isEmpty());
                assertThat(h.wrongFrames.get(0)).containsAnyOf("0x1E", "length", "empty batch");
                // "[1]\u001e[2]": the complete first message still reached the router before the error
                assertThat(h.messages.size()).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void everyOfferedSerializerIsAlsoOfferedBatched() throws Exception {
        try (Fixture f = Fixture.started("serializers", "msgpack")) {
            Session s = f.connect(client, new TestClient(), "wamp.2.json.batched", "wamp.2.msgpack.batched");
            assertThat(s.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("wamp.2.msgpack.batched");
            // positive control for the refusal below: plain json would be refused too, batched is no back door
            assertThatThrownBy(() -> f.connect(client, new TestClient(), "wamp.2.json.batched"))
                    .hasMessageContaining("400");
        }
    }
}
