package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junction.spi.transport.Connection;

/** A batched connection shows the router its plain connection's outbound queue, so limits apply to it too. */
class BatchedConnectionTest {

    @Test
    void theQueueLevelAndAbortAreThePlainConnections() {
        List<String> calls = new ArrayList<>();
        Connection plain = new Connection() {
            @Override
            public void send(byte[] message) {
                calls.add("send " + message.length);
            }

            @Override
            public void close(int code, String reason) {
                calls.add("close " + code);
            }

            @Override
            public long queuedBytes() {
                return 4096;
            }

            @Override
            public int queuedMessages() {
                return 7;
            }

            @Override
            public void abort(int code, String reason) {
                calls.add("abort " + code + " " + reason);
            }
        };
        BatchedConnection batched = new BatchedConnection(plain, true);
        assertThat(batched.queuedBytes()).isEqualTo(4096);
        assertThat(batched.queuedMessages()).isEqualTo(7);
        batched.abort(1008, "outbound queue full");
        assertThat(calls).containsExactly("abort 1008 outbound queue full");
    }
}
