package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.api.message.Hello;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.Welcome;
import dev.junction.spi.transport.Connection;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.SessionHandle;

/** A client connected straight to a {@link Router}: a fake transport connection plus an inbox. */
final class TestClient implements Connection {
    final TestSerializer serializer;
    final BlockingQueue<WampMessage> inbox = new LinkedBlockingQueue<>();
    final SessionHandle handle;
    final AtomicLong requestIds = new AtomicLong();
    volatile int closeCode;
    /** Counted down when the router closes the connection. */
    final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    volatile String closeReason;
    /** While stalled, the client "does not read": messages pile up here and count as queued (slow consumer). */
    private final java.util.List<byte[]> stalledQueue = new java.util.ArrayList<>();
    private boolean stalled;
    private final boolean debug;

    TestClient(Router router, TestSerializer serializer) {
        this(router, serializer, Map.of());
    }

    /** A client of a transport with this {@code auth} configuration (flattened, e.g. {@code ticket.type}). */
    TestClient(Router router, TestSerializer serializer, Map<String, Object> authConfig) {
        this(router, serializer, authConfig, null, false);
    }

    /** A client whose connection carries the tracking {@code cookie}. */
    TestClient(Router router, TestSerializer serializer, Map<String, Object> authConfig,
            dev.junction.spi.transport.TrackedCookie cookie) {
        this(router, serializer, authConfig, cookie, false);
    }

    /** A client of a transport whose {@code debug} option is {@code debug}. */
    TestClient(Router router, TestSerializer serializer, Map<String, Object> authConfig, boolean debug) {
        this(router, serializer, authConfig, null, debug);
    }

    private TestClient(Router router, TestSerializer serializer, Map<String, Object> authConfig,
            dev.junction.spi.transport.TrackedCookie cookie, boolean debug) {
        this.debug = debug;
        this.serializer = serializer;
        HandshakeRequest request = new HandshakeRequest("test", "websocket", "tcp4:127.0.0.1:1", false, "/ws",
                Map.of(), List.of(), serializer, authConfig, cookie);
        this.handle = router.handshake(request).open(this);
    }

    @Override
    public boolean debug() {
        return debug;
    }

    @Override
    public synchronized void send(byte[] message) {
        if (closeCode != 0) {
            return;
        }
        if (stalled) {
            stalledQueue.add(message);
        } else {
            inbox.add(serializer.decode(message));
        }
    }

    @Override
    public synchronized long queuedBytes() {
        return stalledQueue.stream().mapToLong(m -> m.length).sum();
    }

    @Override
    public synchronized int queuedMessages() {
        return stalledQueue.size();
    }

    @Override
    public void abort(int code, String reason) {
        synchronized (this) {
            stalledQueue.clear();
        }
        close(code, reason);
    }

    /** Stops reading: what the router sends stays queued. */
    synchronized void stall() {
        stalled = true;
    }

    /** Reads again: the queued messages go to the inbox, in order. */
    synchronized void resume() {
        stalled = false;
        stalledQueue.forEach(m -> inbox.add(serializer.decode(m)));
        stalledQueue.clear();
    }

    @Override
    public void close(int code, String reason) {
        if (closeCode == 0) {
            closeCode = code;
            closeReason = reason;
            closed.countDown();
            handle.onClose(code, reason);
        }
    }

    void deliver(WampMessage message) {
        handle.onMessage(serializer.encode(message));
    }

    long nextRequest() {
        return requestIds.incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    <T extends WampMessage> T expect(Class<T> type) {
        WampMessage m;
        try {
            m = inbox.poll(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(m).as("next message").isInstanceOf(type);
        return (T) m;
    }

    void expectNothing() {
        assertThat(inbox).isEmpty();
    }

    Welcome join(String realm) {
        return join(realm, Map.of());
    }

    /** Joins announcing {@code features} per role, e.g. {@code {"subscriber": {"subscription_revocation": true}}}. */
    Welcome joinWithFeatures(String realm, Map<String, Map<String, Object>> features) {
        requestIds.set(0);
        Map<String, Object> roles = new java.util.LinkedHashMap<>();
        for (String role : java.util.List.of("caller", "callee", "publisher", "subscriber")) {
            roles.put(role, Map.of("features", features.getOrDefault(role, Map.of())));
        }
        deliver(new Hello(realm, Map.of("roles", roles)));
        return expect(Welcome.class);
    }

    /** Joins announcing {@code calleeFeatures} (e.g. call_canceling) for the callee role. */
    Welcome join(String realm, Map<String, Object> calleeFeatures) {
        requestIds.set(0); // request ids are session scope: a new session starts again at 1
        deliver(new Hello(realm, Map.of("roles", Map.of("caller", Map.of(), "callee",
                Map.of("features", calleeFeatures), "publisher", Map.of(), "subscriber", Map.of()))));
        return expect(Welcome.class);
    }
}
