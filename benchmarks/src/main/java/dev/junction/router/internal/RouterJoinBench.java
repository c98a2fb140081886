package dev.junction.router.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.junction.api.UriCheck;
import dev.junction.serializer.json.internal.JsonSerializerComponent;
import dev.junction.serializer.msgpack.internal.MsgpackSerializerComponent;
import dev.junction.spi.serializer.Serializer;

/**
 * The router's own cost of one session, in-process and without a network: the transport's handshake and open, the
 * HELLO the load generator sends (decoded by the real serializer), anonymous authentication and the WELCOME
 * (encoded), then the connection's close and the session's departure. It is the router's part of the socket
 * benchmark's join rate (TCP connect to WELCOME); the rest is Jetty's (accept, HTTP upgrade, WebSocket session) and
 * the kernel's.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RouterJoinBench -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RouterJoinBench {

    @Param({"json", "msgpack"})
    public String serializer;

    private Router router;
    private Serializer ser;
    private byte[] hello;

    @Setup
    public void setUp() {
        ser = "json".equals(serializer) ? new JsonSerializerComponent() : new MsgpackSerializerComponent();
        router = new Router(new RouterSettings(300, 300));
        router.putRealm("bench", new RealmSettings("realm1", UriCheck.STRICT));
        // The load generator's HELLO (dev.junction.benchmarks.Wire), as its serializer encodes it.
        hello = "json".equals(serializer)
                ? "[1,\"realm1\",{\"roles\":{\"caller\":{},\"callee\":{},\"publisher\":{},\"subscriber\":{}}}]"
                        .getBytes(StandardCharsets.UTF_8)
                : ser.encode(new JsonSerializerComponent().decode(
                        "[1,\"realm1\",{\"roles\":{\"caller\":{},\"callee\":{},\"publisher\":{},\"subscriber\":{}}}]"
                                .getBytes(StandardCharsets.UTF_8)));
    }

    @TearDown
    public void tearDown() {
        router.shutdown();
    }

    /** One session: opened, HELLO in, WELCOME out, closed by the transport. */
    @Benchmark
    public long joinAndLeave() {
        BenchConnection c = new BenchConnection(router, ser);
        c.handle.onMessage(hello.clone()); // a transport hands the router a fresh array per frame
        if (c.received != 1 || !isWelcome(c.last)) {
            throw new IllegalStateException("no WELCOME: " + new String(c.last, StandardCharsets.UTF_8));
        }
        c.handle.onClose(1000, null);
        return c.received;
    }

    private boolean isWelcome(byte[] m) {
        // JSON [2,...; MessagePack: a fixarray header, then the positive fixint 2
        return m[0] == '[' ? m[1] == '2' : m[1] == 2;
    }
}
