package dev.junction.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.api.message.Payload;
import dev.junction.client.ClientOptions;
import dev.junction.client.WampClient;
import dev.junction.client.WampSession;
import dev.junction.serializer.json.internal.JsonSerializerComponent;
import dev.junction.serializer.msgpack.internal.MsgpackSerializerComponent;
import dev.junction.spi.serializer.Serializer;

/**
 * Mixed load with clients joining and leaving, for the soak command (benchmarks/soak.sh), which measures the server
 * before and after. Each worker loops until the deadline: join (JSON or MsgPack in turn), register a procedure,
 * subscribe a shared topic, publish acknowledged events, call a procedure, leave; a few long-lived sessions keep a
 * subscription and a registration for the whole run. Prints counts; exits 1 if anything failed or an acknowledged
 * event did not arrive.
 *
 * <pre>java -cp benchmarks.jar dev.junction.benchmarks.Soak ws://127.0.0.1:8080/ws realm1 SECONDS [WORKERS]</pre>
 */
public final class Soak {
    private static final long OP_SECONDS = 10;

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String realm = args[1];
        long seconds = Long.parseLong(args[2]);
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong cycles = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong failures = new AtomicLong();

        // Long-lived sessions: a listener on the shared topic and a callee of a shared procedure.
        WampSession listener = join(url, realm, new JsonSerializerComponent());
        AtomicLong heard = new AtomicLong();
        listener.subscribe("com.junction.soak.shared", Map.of(), e -> heard.incrementAndGet())
                .get(OP_SECONDS, TimeUnit.SECONDS);
        WampSession callee = join(url, realm, new MsgpackSerializerComponent());
        callee.register("com.junction.soak.echo", Map.of(), inv -> CompletableFuture.completedFuture(inv.payload()))
                .get(OP_SECONDS, TimeUnit.SECONDS);

        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                long n = 0;
                while (System.nanoTime() < deadline) {
                    Serializer serializer = (n++ % 2 == 0) ? new JsonSerializerComponent()
                            : new MsgpackSerializerComponent();
                    try {
                        cycle(url, realm, serializer, worker, calls, events);
                        cycles.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        System.err.println("soak: worker " + worker + ": " + e);
                    }
                }
            }, "soak-" + w);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        // Every acknowledged publication on the shared topic reaches the long-lived listener (no loss).
        long expected = events.get();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(OP_SECONDS);
        while (heard.get() < expected && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
        listener.leave().get(OP_SECONDS, TimeUnit.SECONDS);
        callee.leave().get(OP_SECONDS, TimeUnit.SECONDS);
        System.out.printf("soak: %d cycles (join/register/subscribe/publish/call/leave), %d calls, %d acknowledged "
                + "events, %d heard by the listener, %d failures, %d s, %d workers%n", cycles.get(), calls.get(),
                expected, heard.get(), failures.get(), seconds, workers);
        System.exit(failures.get() == 0 && heard.get() == expected ? 0 : 1);
    }

    private static WampSession join(URI url, String realm, Serializer serializer) throws Exception {
        return WampClient.connect(ClientOptions.builder(url, realm).serializer(serializer)
                .connectTimeout(Duration.ofSeconds(OP_SECONDS)).build()).get(OP_SECONDS * 2, TimeUnit.SECONDS);
    }

    private static void cycle(URI url, String realm, Serializer serializer, int worker, AtomicLong calls,
            AtomicLong events) throws Exception {
        WampSession s = join(url, realm, serializer);
        try {
            String own = "com.junction.soak.w" + worker + ".s" + s.id();
            s.register(own, Map.of(), inv -> CompletableFuture.completedFuture(Payload.of("ok")))
                    .get(OP_SECONDS, TimeUnit.SECONDS);
            s.subscribe("com.junction.soak.shared", Map.of(), e -> { }).get(OP_SECONDS, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                s.publish("com.junction.soak.shared", Payload.of(worker, i, "x".repeat(200)),
                        Map.of("acknowledge", true)).get(OP_SECONDS, TimeUnit.SECONDS);
                events.incrementAndGet();
                s.call(i % 2 == 0 ? own : "com.junction.soak.echo", Payload.of(i), Map.of())
                        .get(OP_SECONDS, TimeUnit.SECONDS);
                calls.incrementAndGet();
            }
        } finally {
            s.leave().get(OP_SECONDS, TimeUnit.SECONDS);
        }
    }
}
