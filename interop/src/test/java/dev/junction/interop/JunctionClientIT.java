package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.junction.api.message.Payload;
import dev.junction.client.CallResult;
import dev.junction.client.ClientOptions;
import dev.junction.client.TlsFiles;
import dev.junction.client.EventInfo;
import dev.junction.client.WampClient;
import dev.junction.client.WampError;
import dev.junction.client.WampSession;
import dev.junction.serializer.json.internal.JsonSerializerComponent;

/**
 * Junction's own Java client (bundles/client) used as a plain library, outside OSGi, against the assembly. Only
 * JSON here: this module pins msgpack-core to jawampa's old version; the client over MsgPack runs in itests.
 */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JunctionClientIT {
    private static final long OP_SECONDS = 10;
    private final List<WampSession> sessions = new ArrayList<>();
    private JunctionServer server;

    @BeforeEach
    void setUp(JunctionServer server) {
        this.server = server;
    }

    @AfterEach
    void leaveAll() throws Exception {
        for (WampSession s : sessions) {
            s.leave().get(OP_SECONDS, TimeUnit.SECONDS);
        }
    }

    private ClientOptions.Builder options(String realm) {
        return ClientOptions.builder(URI.create(server.url()), realm).serializer(new JsonSerializerComponent());
    }

    private WampSession join() throws Exception {
        WampSession s = WampClient.connect(options(server.realm()).build()).get(OP_SECONDS, TimeUnit.SECONDS);
        sessions.add(s);
        return s;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(OP_SECONDS, TimeUnit.SECONDS);
    }

    private static String uri(String name) {
        return "com.junction.interop.client" + System.nanoTime() + "." + name;
    }

    @Test
    void joinsAnonymouslyAndLeaves() throws Exception {
        WampSession s = WampClient.connect(options(server.realm()).build()).get(OP_SECONDS, TimeUnit.SECONDS);
        assertThat(s.id()).isPositive();
        assertThat(s.details()).containsEntry("authrole", "anonymous").containsEntry("realm", server.realm());
        assertThat(s.serializer()).isEqualTo("json");
        await(s.leave());
        assertThat(await(s.closed())).isEqualTo("wamp.close.goodbye_and_out");
        assertThat(s.isOpen()).isFalse();
    }

    @Test
    void aCallCrossesFromRawSocketToWebSocketAndBack() throws Exception {
        URI rs = URI.create("rs://127.0.0.1:" + server.env().get("JUNCTION_PORT_RAWSOCKET"));
        WampSession callee = WampClient.connect(ClientOptions.builder(rs, server.realm())
                .serializer(new JsonSerializerComponent()).build()).get(OP_SECONDS, TimeUnit.SECONDS);
        sessions.add(callee);
        WampSession caller = join();
        String proc = uri("rawsocket.echo");
        await(callee.register(proc, Map.of(), inv -> CompletableFuture.completedFuture(
                Payload.of("over rawsocket: " + inv.payload().args().get(0)))));
        assertThat(await(caller.call(proc, Payload.of("hi"), Map.of())).first()).isEqualTo("over rawsocket: hi");
        assertThat(callee.details()).containsEntry("authrole", "anonymous");
    }

    @Test
    void joinsOverRawSocketWithTlsAndAClientCertificate() throws Exception {
        Path tls = Path.of(System.getProperty("junction.fixtures.dir", "src/test/etc")).resolve("tls");
        URI rss = URI.create("rss://127.0.0.1:" + server.env().get("JUNCTION_PORT_RAWSOCKET_TLS"));
        ClientOptions.Builder options = ClientOptions.builder(rss, server.realm())
                .serializer(new JsonSerializerComponent()).connectTimeout(java.time.Duration.ofSeconds(5));
        WampSession s = WampClient.connect(options.tls(TlsFiles.context(List.of(tls.resolve("ca.crt")),
                tls.resolve("client.crt"), tls.resolve("client.key"))).build()).get(OP_SECONDS, TimeUnit.SECONDS);
        sessions.add(s);
        assertThat(s.isOpen()).isTrue();
        // control: without the test CA the router's certificate is not trusted
        assertThatThrownBy(() -> WampClient.connect(options.tls(TlsFiles.context(List.of(), null, null)).build())
                .get(OP_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("cannot connect to rss://127.0.0.1");
    }

    @Test
    void anUnknownRealmFailsTheJoinWithTheAbortReason() {
        assertThatThrownBy(() -> WampClient.connect(options("no_such_realm_here").build())
                .get(OP_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WampError.class)
                .extracting(e -> ((WampError) e).uri()).isEqualTo("wamp.error.no_such_realm");
    }

    @Test
    void callsRegisteredProceduresAndReceivesErrors() throws Exception {
        WampSession callee = join();
        WampSession caller = join();
        String add = uri("add");
        await(callee.register(add, Map.of(), inv -> CompletableFuture.completedFuture(
                Payload.of(((Number) inv.payload().args().get(0)).longValue()
                        + ((Number) inv.payload().args().get(1)).longValue()))));
        String fail = uri("fail");
        await(callee.register(fail, Map.of(), inv -> CompletableFuture.failedFuture(
                new WampError("com.example.error.nope", Payload.of("no")))));

        assertThat(await(caller.call(add, Payload.of(2, 3), Map.of())).first()).isEqualTo(5L);
        assertThatThrownBy(() -> await(caller.call(fail, Payload.EMPTY, Map.of()))).cause()
                .isInstanceOf(WampError.class).extracting(e -> ((WampError) e).uri())
                .isEqualTo("com.example.error.nope");
        assertThatThrownBy(() -> await(caller.call(uri("absent"), Payload.EMPTY, Map.of()))).cause()
                .extracting(e -> ((WampError) e).uri()).isEqualTo("wamp.error.no_such_procedure");
    }

    @Test
    void progressiveResultsArriveBeforeTheFinalOne() throws Exception {
        WampSession callee = join();
        WampSession caller = join();
        String count = uri("count");
        await(callee.register(count, Map.of(), inv -> {
            for (int i = 1; i <= 3; i++) {
                inv.progress().accept(Payload.of(i));
            }
            return CompletableFuture.completedFuture(Payload.of("done"));
        }));
        List<Object> progress = new CopyOnWriteArrayList<>();
        CallResult result = await(caller.callProgressive(count, Payload.EMPTY, Map.of(),
                r -> progress.add(r.first())));
        assertThat(progress).containsExactly(1L, 2L, 3L);
        assertThat(result.first()).isEqualTo("done");
        assertThat(result.progress()).isFalse();
    }

    @Test
    void cancellingACallInterruptsTheCallee() throws Exception {
        WampSession callee = join();
        WampSession caller = join();
        String slow = uri("slow");
        CompletableFuture<Payload> running = new CompletableFuture<>();
        CompletableFuture<Void> invoked = new CompletableFuture<>();
        await(callee.register(slow, Map.of(), inv -> {
            invoked.complete(null);
            return running;
        }));
        CompletableFuture<CallResult> call = caller.call(slow, Payload.EMPTY, Map.of());
        await(invoked);
        assertThat(call.cancel(true)).isTrue();
        // The router INTERRUPTs the callee (it announced call_canceling): its pending stage is cancelled.
        Poll.until("the callee's invocation cancelled by INTERRUPT", java.time.Duration.ofSeconds(OP_SECONDS),
                java.time.Duration.ofMillis(20), () -> running.isCancelled() ? java.util.Optional.of(true)
                        : java.util.Optional.empty());
        // The session still works afterwards.
        String echo = uri("echo");
        await(callee.register(echo, Map.of(), inv -> CompletableFuture.completedFuture(inv.payload())));
        assertThat(await(caller.call(echo, Payload.of("x"), Map.of())).first()).isEqualTo("x");
    }

    @Test
    void publishesAndReceivesEvents() throws Exception {
        WampSession subscriber = join();
        WampSession publisher = join();
        String topic = uri("news");
        LinkedBlockingQueue<EventInfo> events = new LinkedBlockingQueue<>();
        long subscription = await(subscriber.subscribe(topic, Map.of(), events::add));
        AtomicInteger self = new AtomicInteger();
        await(publisher.subscribe(topic, Map.of(), e -> self.incrementAndGet()));

        long publication = await(publisher.publish(topic, Payload.of("hello"), Map.of("acknowledge", true)));
        EventInfo event = events.poll(OP_SECONDS, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.subscription()).isEqualTo(subscription);
        assertThat(event.publication()).isEqualTo(publication);
        assertThat(event.payload().args()).containsExactly("hello");

        await(publisher.publish(topic, Payload.of("again"), Map.of("acknowledge", true, "exclude_me", false)));
        assertThat(events.poll(OP_SECONDS, TimeUnit.SECONDS).payload().args()).containsExactly("again");
        Poll.until("the publisher's own event with exclude_me=false", java.time.Duration.ofSeconds(OP_SECONDS),
                java.time.Duration.ofMillis(20), () -> self.get() == 1 ? java.util.Optional.of(true)
                        : java.util.Optional.empty());

        await(subscriber.unsubscribe(subscription));
        await(publisher.publish(topic, Payload.of("after"), Map.of("acknowledge", true, "exclude_me", false)));
        Poll.until("the publisher's second own event", java.time.Duration.ofSeconds(OP_SECONDS),
                java.time.Duration.ofMillis(20), () -> self.get() == 2 ? java.util.Optional.of(true)
                        : java.util.Optional.empty());
        assertThat(events).as("nothing after UNSUBSCRIBE").isEmpty();
    }
}
