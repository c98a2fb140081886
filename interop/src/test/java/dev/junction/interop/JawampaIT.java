package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rx.Subscription;
import ws.wamp.jawampa.ApplicationError;
import ws.wamp.jawampa.PubSubData;
import ws.wamp.jawampa.PublishFlags;
import ws.wamp.jawampa.Reply;
import ws.wamp.jawampa.Request;
import ws.wamp.jawampa.WampClient;
import ws.wamp.jawampa.WampClientBuilder;
import ws.wamp.jawampa.WampRoles;
import ws.wamp.jawampa.WampSerialization;
import ws.wamp.jawampa.transport.netty.NettyWampClientConnectorProvider;

/** jawampa 0.5 (Netty WebSocket, RxJava 1) against Junction, over wamp.2.json and wamp.2.msgpack. */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JawampaIT {
    static final long OP_SECONDS = 10;
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<Session> sessions = new ArrayList<>();
    private JunctionServer server;

    static Stream<WampSerialization> serializations() {
        return Stream.of(WampSerialization.Json, WampSerialization.MessagePack);
    }

    static Stream<Arguments> crossPairs() {
        return Stream.of(Arguments.of(WampSerialization.Json, WampSerialization.MessagePack),
                Arguments.of(WampSerialization.MessagePack, WampSerialization.Json));
    }

    @BeforeEach
    void setUp(JunctionServer server) {
        this.server = server;
    }

    @AfterEach
    void closeSessions() {
        for (Session s : sessions) {
            s.close();
        }
        sessions.clear();
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializations")
    @DisplayName("join: WELCOME with a valid session id and the broker and dealer roles")
    void join(WampSerialization ser) throws Exception {
        Session a = open(ser);
        Session b = open(ser);
        assertThat(a.state.sessionId()).isBetween(1L, 1L << 53);
        assertThat(b.state.sessionId()).isNotEqualTo(a.state.sessionId());
        assertThat(a.state.routerRoles()).contains(WampRoles.Broker, WampRoles.Dealer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializations")
    @DisplayName("no_such_realm: HELLO for an unknown realm is refused (control: realm1 joins)")
    void noSuchRealm(WampSerialization ser) throws Exception {
        assertThat(open(ser).state.sessionId()).isPositive();
        assertThatThrownBy(() -> open(ser, "no_such_realm_for_interop"))
                .hasStackTraceContaining("wamp.error.no_such_realm");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializations")
    @DisplayName("pub/sub: PUBLISH with acknowledge gets a publication id; the subscriber gets args and kwargs")
    void publishSubscribe(WampSerialization ser) throws Exception {
        Session sub = open(ser);
        Session pub = open(ser);
        String topic = uniqueUri("topic");
        BlockingQueue<PubSubData> events = sub.subscribe(topic);
        awaitSubscribed(pub, topic, events);
        long publicationId = pub.publish(topic, richArgs(), richKwargs());
        assertThat(publicationId).isBetween(1L, 1L << 53);
        PubSubData ev = nextNonProbe(events);
        assertThat(normalize(ev.arguments())).isEqualTo(normalize(richArgs()));
        assertThat(normalize(ev.keywordArguments())).isEqualTo(normalize(richKwargs()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializations")
    @DisplayName("register/call: args and kwargs round-trip (unicode, nesting, numbers)")
    void registerCall(WampSerialization ser) throws Exception {
        Session callee = open(ser);
        Session caller = open(ser);
        String proc = uniqueUri("echo");
        callee.register(proc, r -> r.reply(r.arguments(), r.keywordArguments()));
        awaitRegistered(caller, proc);
        Reply reply = caller.call(proc, richArgs(), richKwargs());
        assertThat(normalize(reply.arguments())).isEqualTo(normalize(richArgs()));
        assertThat(normalize(reply.keywordArguments())).isEqualTo(normalize(richKwargs()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializations")
    @DisplayName("application error: a custom error URI with args and kwargs reaches the caller")
    void applicationError(WampSerialization ser) throws Exception {
        Session callee = open(ser);
        Session caller = open(ser);
        String proc = uniqueUri("fails");
        ArrayNode errArgs = F.arrayNode().add("bad thing").add(42);
        ObjectNode errKwargs = F.objectNode().put("code", "E42");
        callee.register(proc, r -> {
            if (r.arguments().size() > 0 && "probe".equals(r.arguments().get(0).asText())) {
                r.reply("pong");
            } else {
                replyError(r, new ApplicationError("com.junction.interop.error.jawampa", errArgs, errKwargs));
            }
        });
        awaitRegistered(caller, proc);
        ApplicationError e = callError(caller, proc, F.arrayNode().add("x"));
        assertThat(e.uri()).isEqualTo("com.junction.interop.error.jawampa");
        assertThat(normalize(e.arguments())).isEqualTo(normalize(errArgs));
        assertThat(normalize(e.keywordArguments())).isEqualTo(normalize(errKwargs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializations")
    @DisplayName("no_such_procedure: CALL without a registration fails; after REGISTER it succeeds")
    void noSuchProcedure(WampSerialization ser) throws Exception {
        Session caller = open(ser);
        Session callee = open(ser);
        String proc = uniqueUri("later");
        assertThat(callError(caller, proc, F.arrayNode()).uri()).isEqualTo(ApplicationError.NO_SUCH_PROCEDURE);
        callee.register(proc, r -> r.reply("here"));
        awaitRegistered(caller, proc);
        assertThat(caller.call(proc, F.arrayNode(), null).arguments().get(0).asText()).isEqualTo("here");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializations")
    @DisplayName("procedure_already_exists: a second REGISTER from another session fails; the first keeps serving")
    void procedureAlreadyExists(WampSerialization ser) throws Exception {
        Session first = open(ser);
        Session second = open(ser);
        Session caller = open(ser);
        String proc = uniqueUri("taken");
        first.register(proc, r -> r.reply("first"));
        awaitRegistered(caller, proc);
        CompletableFuture<Throwable> refused = second.register(proc, r -> r.reply("second"));
        Throwable t = refused.get(OP_SECONDS, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(ApplicationError.class);
        assertThat(((ApplicationError) t).uri()).isEqualTo(ApplicationError.PROCEDURE_ALREADY_EXISTS);
        assertThat(caller.call(proc, F.arrayNode(), null).arguments().get(0).asText()).isEqualTo("first");
    }

    @ParameterizedTest(name = "{0} caller -> {1} callee")
    @MethodSource("crossPairs")
    @DisplayName("cross-serializer RPC and pub/sub")
    void crossSerializer(WampSerialization from, WampSerialization to) throws Exception {
        Session callee = open(to);
        Session caller = open(from);
        String proc = uniqueUri("x_echo");
        callee.register(proc, r -> r.reply(r.arguments(), r.keywordArguments()));
        awaitRegistered(caller, proc);
        Reply reply = caller.call(proc, richArgs(), richKwargs());
        assertThat(normalize(reply.arguments())).isEqualTo(normalize(richArgs()));
        assertThat(normalize(reply.keywordArguments())).isEqualTo(normalize(richKwargs()));

        String topic = uniqueUri("x_topic");
        BlockingQueue<PubSubData> events = callee.subscribe(topic);
        awaitSubscribed(caller, topic, events);
        caller.publish(topic, richArgs(), richKwargs());
        PubSubData ev = nextNonProbe(events);
        assertThat(normalize(ev.arguments())).isEqualTo(normalize(richArgs()));
        assertThat(normalize(ev.keywordArguments())).isEqualTo(normalize(richKwargs()));
    }

    @Test
    @DisplayName("jawampa's own msgpack codec is usable on Java 17 (control for the MessagePack cases)")
    void msgpackCodecWorks() throws Exception {
        byte[] bytes = WampSerialization.MessagePack.getObjectMapper().writeValueAsBytes(richArgs());
        JsonNode back = WampSerialization.MessagePack.getObjectMapper().readTree(bytes);
        assertThat(normalize(back)).isEqualTo(normalize(richArgs()));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static ArrayNode richArgs() {
        ArrayNode a = F.arrayNode();
        a.add("Grüße, 世界! 🌍 — \"quotes\" \\ \n");
        a.add(42).add(-7).add(9007199254740991L).add(1.5).add(true).add(false).addNull();
        a.addArray().add(1).add(F.arrayNode().add(2).add(F.arrayNode().add("deep")));
        ObjectNode nested = a.addObject();
        nested.putObject("nested").put("k", "v").putArray("list").add(1).add("two");
        a.add("");
        return a;
    }

    static ObjectNode richKwargs() {
        ObjectNode o = F.objectNode();
        o.put("ключ", "значение");
        o.put("emoji", "😀🎉");
        o.putObject("obj").put("x", 1).putArray("y").add(true).addNull().add("z");
        o.putArray("empty_list");
        o.put("big", 4294967296L);
        return o;
    }

    /** Jackson trees compared by value: object key order and int/long node classes do not matter. */
    static Object normalize(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                m.put(e.getKey(), normalize(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(normalize(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBinary()) {
            try {
                return "binary:" + Base64.getEncoder().encodeToString(n.binaryValue());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.asText();
    }

    static String uniqueUri(String name) {
        return "com.junction.interop.j" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "." + name;
    }

    private Session open(WampSerialization ser) throws Exception {
        return open(ser, server.realm());
    }

    private Session open(WampSerialization ser, String realm) throws Exception {
        Session s = Session.open(server.url(), realm, ser);
        sessions.add(s);
        return s;
    }

    private static void replyError(Request r, ApplicationError e) {
        try {
            r.replyError(e);
        } catch (ApplicationError ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ApplicationError callError(Session caller, String proc, ArrayNode args) throws Exception {
        try {
            Reply r = caller.call(proc, args, null);
            throw new AssertionError("expected an ERROR, got RESULT " + r.arguments());
        } catch (ApplicationError e) {
            return e;
        }
    }

    /** jawampa does not report REGISTERED: call until the registration is visible (bounded). */
    private static void awaitRegistered(Session caller, String proc) throws Exception {
        Poll.until("REGISTER of " + proc + " to take effect", Duration.ofSeconds(OP_SECONDS), Duration.ofMillis(50), () -> {
            try {
                caller.call(proc, F.arrayNode().add("probe"), null);
                return Optional.of(true);
            } catch (ApplicationError e) {
                if (ApplicationError.NO_SUCH_PROCEDURE.equals(e.uri())) {
                    return Optional.empty();
                }
                return Optional.of(true); // the callee answered (with an error): registered
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** jawampa does not report SUBSCRIBED: publish probes until one arrives (bounded). */
    private static void awaitSubscribed(Session pub, String topic, BlockingQueue<PubSubData> events) throws Exception {
        Poll.until("SUBSCRIBE to " + topic + " to take effect", Duration.ofSeconds(OP_SECONDS), Duration.ofMillis(50), () -> {
            try {
                pub.publish(topic, F.arrayNode().add("__probe__"), null);
                PubSubData ev = events.poll(50, TimeUnit.MILLISECONDS);
                return Optional.ofNullable(ev);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The next event that is not one of the subscription probes. */
    private static PubSubData nextNonProbe(BlockingQueue<PubSubData> events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OP_SECONDS);
        while (true) {
            PubSubData ev = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(ev).as("EVENT within " + OP_SECONDS + " s").isNotNull();
            ArrayNode args = ev.arguments();
            if (args == null || args.size() != 1 || !"__probe__".equals(args.get(0).asText())) {
                return ev;
            }
        }
    }

    /** One jawampa client, connected. */
    static final class Session {
        final WampClient client;
        final WampClient.ConnectedState state;
        final List<Subscription> subscriptions = new ArrayList<>();

        private Session(WampClient client, WampClient.ConnectedState state) {
            this.client = client;
            this.state = state;
        }

        static Session open(String url, String realm, WampSerialization ser) throws Exception {
            WampClient client = new WampClientBuilder()
                    .withConnectorProvider(new NettyWampClientConnectorProvider())
                    .withUri(url)
                    .withRealm(realm)
                    .withSerializations(new WampSerialization[] {ser})
                    .withNrReconnects(0)
                    .build();
            CompletableFuture<WampClient.ConnectedState> connected = new CompletableFuture<>();
            boolean[] connecting = {false};
            Subscription status = client.statusChanged().subscribe(s -> {
                if (s instanceof WampClient.ConnectedState) {
                    connected.complete((WampClient.ConnectedState) s);
                } else if (s instanceof WampClient.ConnectingState) {
                    connecting[0] = true;
                } else if (s instanceof WampClient.DisconnectedState && connecting[0]) {
                    Throwable reason = ((WampClient.DisconnectedState) s).disconnectReason();
                    connected.completeExceptionally(reason != null ? reason
                            : new IllegalStateException("disconnected without a reason"));
                }
            }, connected::completeExceptionally);
            client.open();
            try {
                return new Session(client, connected.get(OP_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                close(client);
                throw new IllegalStateException("jawampa/" + ser + " join of " + realm + " failed: " + e.getCause(),
                        e.getCause());
            } catch (Exception e) {
                close(client);
                throw e;
            } finally {
                status.unsubscribe();
            }
        }

        BlockingQueue<PubSubData> subscribe(String topic) {
            BlockingQueue<PubSubData> q = new LinkedBlockingQueue<>();
            subscriptions.add(client.makeSubscription(topic).subscribe(q::add, t -> {
                throw new IllegalStateException("subscription to " + topic + " failed", t);
            }));
            return q;
        }

        /** Registers; the future completes with the error if the router refuses the registration. */
        CompletableFuture<Throwable> register(String proc, java.util.function.Consumer<Request> handler) {
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            subscriptions.add(client.registerProcedure(proc).subscribe(handler::accept, failed::complete));
            return failed;
        }

        long publish(String topic, ArrayNode args, ObjectNode kwargs) throws Exception {
            return unwrap(() -> client.publish(topic, java.util.EnumSet.of(PublishFlags.RequireAcknowledge), args, kwargs)
                    .timeout(OP_SECONDS, TimeUnit.SECONDS).toBlocking().single());
        }

        Reply call(String proc, ArrayNode args, ObjectNode kwargs) throws Exception {
            return unwrap(() -> client.call(proc, args, kwargs).timeout(OP_SECONDS, TimeUnit.SECONDS).toBlocking().single());
        }

        void close() {
            subscriptions.forEach(Subscription::unsubscribe);
            close(client);
        }

        static void close(WampClient client) {
            try {
                client.close().timeout(OP_SECONDS, TimeUnit.SECONDS).toBlocking().lastOrDefault(null);
            } catch (RuntimeException e) {
                System.out.println("[jawampa] close: " + e);
            }
        }

        /** RxJava's toBlocking() wraps checked exceptions (ApplicationError) in RuntimeException. */
        private static <T> T unwrap(java.util.concurrent.Callable<T> op) throws Exception {
            try {
                return op.call();
            } catch (RuntimeException e) {
                Throwable c = e;
                while (c != null && !(c instanceof ApplicationError)) {
                    c = c.getCause();
                }
                if (c != null) {
                    throw (ApplicationError) c;
                }
                throw e;
            }
        }
    }
}
