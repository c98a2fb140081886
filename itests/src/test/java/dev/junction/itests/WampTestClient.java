package dev.junction.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A deliberately tiny WAMP client for the integration tests, on the JDK's {@code java.net.http} WebSocket: it
 * speaks raw WAMP messages (lists of plain values), so that a test can see and assert every element the router sends.
 * Every received message goes to an inbox; tests take messages out with {@link #await} and a predicate.
 *
 * <p>The only protocol behaviour built in: a GOODBYE from the router is answered with GOODBYE
 * {@code wamp.close.goodbye_and_out}, as every real client does (the message still lands in the inbox).
 */
final class WampTestClient implements AutoCloseable {
    // WAMP message type codes (spec basic/messages.md).
    static final int HELLO = 1;
    static final int WELCOME = 2;
    static final int ABORT = 3;
    static final int CHALLENGE = 4;
    static final int AUTHENTICATE = 5;
    static final int GOODBYE = 6;
    static final int ERROR = 8;
    static final int PUBLISH = 16;
    static final int PUBLISHED = 17;
    static final int SUBSCRIBE = 32;
    static final int SUBSCRIBED = 33;
    static final int EVENT = 36;
    static final int CALL = 48;
    static final int RESULT = 50;
    static final int REGISTER = 64;
    static final int REGISTERED = 65;
    static final int INVOCATION = 68;
    static final int YIELD = 70;

    /** The roles every test session announces in HELLO. */
    static final Map<String, Object> ROLES = Map.of("roles", Map.of(
            "publisher", Map.of("features", Map.of()),
            "subscriber", Map.of("features", Map.of()),
            "caller", Map.of("features", Map.of()),
            "callee", Map.of("features", Map.of())));

    /** One client for the whole probe: it owns a selector thread, which is expensive to create per connection. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** How the connection ended: a close frame (code, reason) or a failure ({@code code == -1}). */
    record Closed(int code, String reason) {
    }

    private final String name;
    private final WampCodec codec;
    private final Duration timeout;
    private final AtomicLong requestIds = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Received and not yet taken by {@link #await}. Guarded by {@link #lock}. */
    private final List<List<Object>> inbox = new ArrayList<>();
    /** Everything received, in order, for failure messages. Guarded by {@link #lock}. */
    private final List<String> transcript = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private Closed closed;
    /** Guarded by {@link #lock}. */
    private RuntimeException decodeFailure;

    /** Sends are chained: java.net.http allows one outstanding send at a time. Guarded by {@code this}. */
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile WebSocket webSocket;
    /** We sent GOODBYE and await the router's reply (which must not be answered). */
    private volatile boolean goodbyeSent;

    private final ExchangeLog log;

    private WampTestClient(String name, WampCodec codec, Duration timeout, ExchangeLog log) {
        this.name = name;
        this.codec = codec;
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * Opens a WebSocket to {@code uri} offering exactly {@code codec}'s subprotocol; fails the test when the
     * handshake fails.
     */
    static WampTestClient connect(String name, URI uri, WampCodec codec, Duration timeout, ExchangeLog log) {
        try {
            return open(name, uri, codec, timeout, log);
        } catch (ExecutionException e) {
            throw new AssertionError(name + ": WebSocket handshake to " + uri + " (" + codec.subprotocol
                    + ") failed: " + e.getCause(), e.getCause());
        }
    }

    /** The cause of the failed handshake, or {@code null} (and the connection closed again) when it succeeded. */
    static Throwable connectFailure(URI uri, WampCodec codec, Duration timeout) {
        try {
            open("probe", uri, codec, timeout, new ExchangeLog()).abort();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static WampTestClient open(String name, URI uri, WampCodec codec, Duration timeout, ExchangeLog log)
            throws ExecutionException {
        WampTestClient client = new WampTestClient(name, codec, timeout, log);
        try {
            client.webSocket = HTTP.newWebSocketBuilder()
                    .subprotocols(codec.subprotocol)
                    .connectTimeout(timeout)
                    .buildAsync(uri, client.new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new ExecutionException("no handshake answer within " + timeout, e);
        }
        String accepted = client.webSocket.getSubprotocol();
        if (!codec.subprotocol.equals(accepted)) {
            client.abort();
            throw new AssertionError(name + ": offered " + codec.subprotocol + ", server accepted '" + accepted + "'");
        }
        log.note(name, "connected to " + uri + " (" + accepted + ")");
        return client;
    }

    WampCodec codec() {
        return codec;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Raw send and receive

    /** Sends one message, e.g. {@code send(PUBLISH, 1, Map.of(), "com.example.topic")}; waits until it is written. */
    void send(Object... message) {
        sendList(Arrays.asList(message));
    }

    void sendList(List<?> message) {
        CompletableFuture<?> done = enqueue(message);
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(name + ": could not send " + WampCodec.show(message) + ": " + e
                    + closedDescription(), e);
        }
    }

    private synchronized CompletableFuture<?> enqueue(List<?> message) {
        byte[] frame = codec.encode(message);
        log.sent(name, message);
        WebSocket ws = webSocket;
        sendChain = sendChain.handle((r, t) -> null).thenCompose(v -> (CompletionStage<WebSocket>) (codec.binary
                ? ws.sendBinary(ByteBuffer.wrap(frame), true)
                : ws.sendText(new String(frame, StandardCharsets.UTF_8), true)));
        return sendChain;
    }

    /**
     * Takes the first message in the inbox that matches {@code matcher}, waiting for it up to the client's timeout.
     * Fails with the whole transcript when none arrives, or as soon as the connection is closed without one.
     */
    List<Object> await(String description, Predicate<List<Object>> matcher) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (decodeFailure != null) {
                    throw new AssertionError(name + ": a received frame did not decode while awaiting " + description,
                            decodeFailure);
                }
                for (Iterator<List<Object>> it = inbox.iterator(); it.hasNext();) {
                    List<Object> m = it.next();
                    if (matcher.test(m)) {
                        it.remove();
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (closed != null || left <= 0) {
                    throw new AssertionError(name + ": no " + description
                            + (closed != null ? " before the connection closed" : " within " + timeout)
                            + AbstractRouterIT.EXCHANGE_HEADER + log + closedDescription());
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    /** Takes the first message of type {@code type}. */
    List<Object> awaitType(int type) {
        return await(messageName(type), m -> type(m) == type);
    }

    /** The messages received so far and not taken (a copy). */
    List<List<Object>> inbox() {
        lock.lock();
        try {
            return new ArrayList<>(inbox);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the connection is closed (by either side) and returns how. */
    Closed awaitClosed() {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (closed == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": connection still open after " + timeout
                            + "\n  received: " + transcript);
                }
                changed.awaitNanos(left);
            }
            return closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed != null;
        } finally {
            lock.unlock();
        }
    }

    String transcript() {
        lock.lock();
        try {
            return transcript.toString();
        } finally {
            lock.unlock();
        }
    }

    private String closedDescription() {
        Closed c = closed;
        return c == null ? "" : "\n  connection closed: " + c;
    }

    // ---------------------------------------------------------------------------------------------------------
    // WAMP helpers

    long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    /** Sends HELLO and returns the answer: WELCOME or ABORT. */
    List<Object> sendHello(String realm) {
        send(HELLO, realm, ROLES);
        return await("WELCOME or ABORT", m -> type(m) == WELCOME || type(m) == ABORT);
    }

    /** Joins {@code realm}, failing the test on anything but WELCOME; returns the session id. */
    long hello(String realm) {
        List<Object> answer = sendHello(realm);
        if (type(answer) != WELCOME) {
            fail(name + ": HELLO " + realm + " was answered with " + WampCodec.show(answer)
                    + AbstractRouterIT.EXCHANGE_HEADER + log);
        }
        long session = id(answer, 1);
        if (session < 1 || session > (1L << 53)) {
            fail(name + ": WELCOME session id out of range: " + WampCodec.show(answer));
        }
        return session;
    }

    /** Sends GOODBYE {@code wamp.close.normal} and awaits the router's GOODBYE reply. */
    List<Object> goodbye() {
        goodbyeSent = true;
        send(GOODBYE, Map.of(), "wamp.close.normal");
        return awaitType(GOODBYE);
    }

    /** Subscribes and returns the subscription id. */
    long subscribe(String topic, Map<String, Object> options) {
        long request = nextRequestId();
        send(SUBSCRIBE, request, options, topic);
        List<Object> answer = awaitAnswer(request, SUBSCRIBE, SUBSCRIBED);
        expectType(answer, SUBSCRIBED, "SUBSCRIBE " + topic);
        return id(answer, 2);
    }

    long subscribe(String topic) {
        return subscribe(topic, Map.of());
    }

    /** Publishes with {@code acknowledge=true} (plus {@code options}) and returns the publication id. */
    long publishAcknowledged(String topic, Map<String, Object> options, List<?> args, Map<String, ?> kwargs) {
        Map<String, Object> opts = new LinkedHashMap<>(options);
        opts.put("acknowledge", true);
        long request = nextRequestId();
        sendList(withPayload(List.of(PUBLISH, request, opts, topic), args, kwargs));
        List<Object> answer = awaitAnswer(request, PUBLISH, PUBLISHED);
        expectType(answer, PUBLISHED, "PUBLISH " + topic);
        return id(answer, 2);
    }

    /** Registers and returns the registration id. */
    long register(String procedure) {
        long request = nextRequestId();
        send(REGISTER, request, Map.of(), procedure);
        List<Object> answer = awaitAnswer(request, REGISTER, REGISTERED);
        expectType(answer, REGISTERED, "REGISTER " + procedure);
        return id(answer, 2);
    }

    /** Sends CALL and returns its request id; take the answer with {@link #awaitCallAnswer}. */
    long call(String procedure, List<?> args, Map<String, ?> kwargs) {
        long request = nextRequestId();
        sendList(withPayload(List.of(CALL, request, Map.of(), procedure), args, kwargs));
        return request;
    }

    /** The RESULT or ERROR answering CALL {@code request}. */
    List<Object> awaitCallAnswer(long request) {
        return awaitAnswer(request, CALL, RESULT);
    }

    /** The next INVOCATION for registration {@code registration}. */
    List<Object> awaitInvocation(long registration) {
        return await("INVOCATION for registration " + registration,
                m -> type(m) == INVOCATION && id(m, 2) == registration);
    }

    /** The next EVENT for subscription {@code subscription}. */
    List<Object> awaitEvent(long subscription) {
        return await("EVENT for subscription " + subscription, m -> type(m) == EVENT && id(m, 1) == subscription);
    }

    void yield(long invocationRequest, List<?> args, Map<String, ?> kwargs) {
        sendList(withPayload(List.of(YIELD, invocationRequest, Map.of()), args, kwargs));
    }

    /** Answers INVOCATION {@code invocationRequest} with ERROR {@code error}. */
    void invocationError(long invocationRequest, String error, List<?> args, Map<String, ?> kwargs) {
        sendList(withPayload(List.of(ERROR, INVOCATION, invocationRequest, Map.of(), error), args, kwargs));
    }

    /** The success message {@code successType} or the ERROR for request {@code request} of type {@code requestType}. */
    List<Object> awaitAnswer(long request, int requestType, int successType) {
        return await(messageName(successType) + " or ERROR for " + messageName(requestType)
                + " request " + request,
                m -> (type(m) == successType && id(m, 1) == request)
                        || (type(m) == ERROR && m.size() > 2 && id(m, 1) == requestType && id(m, 2) == request));
    }

    private void expectType(List<Object> answer, int type, String what) {
        if (type(answer) != type) {
            fail(name + ": " + what + " was answered with " + WampCodec.show(answer)
                    + AbstractRouterIT.EXCHANGE_HEADER + log);
        }
    }

    private static List<Object> withPayload(List<Object> head, List<?> args, Map<String, ?> kwargs) {
        List<Object> m = new ArrayList<>(head);
        if (args != null || kwargs != null) {
            m.add(args == null ? List.of() : args);
            if (kwargs != null) {
                m.add(kwargs);
            }
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Message accessors

    /** The spec's name of a message type code. */
    static String messageName(int type) {
        return switch (type) {
        case HELLO -> "HELLO";
        case WELCOME -> "WELCOME";
        case ABORT -> "ABORT";
        case CHALLENGE -> "CHALLENGE";
        case AUTHENTICATE -> "AUTHENTICATE";
        case GOODBYE -> "GOODBYE";
        case ERROR -> "ERROR";
        case PUBLISH -> "PUBLISH";
        case PUBLISHED -> "PUBLISHED";
        case SUBSCRIBE -> "SUBSCRIBE";
        case SUBSCRIBED -> "SUBSCRIBED";
        case EVENT -> "EVENT";
        case CALL -> "CALL";
        case RESULT -> "RESULT";
        case REGISTER -> "REGISTER";
        case REGISTERED -> "REGISTERED";
        case INVOCATION -> "INVOCATION";
        case YIELD -> "YIELD";
        default -> "type " + type;
        };
    }

    static int type(List<Object> m) {
        return (int) id(m, 0);
    }

    /** Element {@code i} as a long (ids, type codes). */
    static long id(List<Object> m, int i) {
        Object v = m.get(i);
        if (!(v instanceof Long)) {
            throw new AssertionError("element " + i + " of " + WampCodec.show(m) + " is not an integer");
        }
        return (Long) v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dict(List<Object> m, int i) {
        Object v = m.get(i);
        if (!(v instanceof Map)) {
            throw new AssertionError("element " + i + " of " + WampCodec.show(m) + " is not a dict");
        }
        return (Map<String, Object>) v;
    }

    /** Element {@code i} when present, else {@code fallback} (optional trailing args and kwargs). */
    static Object opt(List<Object> m, int i, Object fallback) {
        return m.size() > i ? m.get(i) : fallback;
    }

    static void assertMessage(String what, List<Object> m, int type) {
        assertEquals(what + ": " + WampCodec.show(m), messageName(type), messageName(type(m)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closing

    /** Closes the WebSocket normally (close frame 1000) without a WAMP GOODBYE, and does not wait. */
    @Override
    public void close() {
        WebSocket ws = webSocket;
        if (ws != null && !ws.isOutputClosed()) {
            synchronized (this) {
                sendChain = sendChain.handle((r, t) -> null)
                        .thenCompose(v -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "test done"))
                        .whenComplete((r, t) -> ws.abort());
            }
        }
    }

    /** Drops the TCP connection. */
    void abort() {
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public String toString() {
        return name + "(" + codec.subprotocol + ")";
    }

    private void deliver(byte[] frame) {
        List<Object> m;
        try {
            m = codec.decode(frame);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                decodeFailure = e;
                transcript.add("<undecodable " + frame.length + " bytes: " + e + ">");
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return;
        }
        log.received(name, m);
        lock.lock();
        try {
            inbox.add(m);
            transcript.add(WampCodec.show(m));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!m.isEmpty() && m.get(0) instanceof Long t && t == GOODBYE) {
            if (goodbyeSent) {
                goodbyeSent = false; // the router's reply to our GOODBYE: the session is over, nothing to answer
            } else {
                // The router closes the session: answer like any client would; do not wait (listener thread).
                enqueue(List.of(GOODBYE, Map.of(), "wamp.close.goodbye_and_out"));
            }
        }
    }

    private void wrongFrame(String what) {
        lock.lock();
        try {
            decodeFailure = new IllegalStateException("the router sent " + what);
            transcript.add("<" + what + ">");
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void closedWith(Closed c) {
        lock.lock();
        try {
            if (closed == null) {
                closed = c;
                log.note(name, "closed " + c.code() + " " + c.reason());
                transcript.add("<closed " + c.code() + " " + c.reason() + ">");
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reassembles fragmented messages and hands whole ones to {@link #deliver}. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                byte[] frame = text.toString().getBytes(StandardCharsets.UTF_8);
                text.setLength(0);
                if (codec.binary) {
                    wrongFrame("a text frame on " + codec.subprotocol + ": " + new String(frame, StandardCharsets.UTF_8));
                } else {
                    deliver(frame);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                byte[] frame = binary.toByteArray();
                binary.reset();
                if (!codec.binary) {
                    wrongFrame("a binary frame of " + frame.length + " bytes on " + codec.subprotocol);
                } else {
                    deliver(frame);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closedWith(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closedWith(new Closed(-1, String.valueOf(error)));
        }
    }
}
