package dev.junction.router.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
import dev.junction.api.message.Call;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Register;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.Yield;
import dev.junction.serializer.json.internal.JsonSerializerComponent;
import dev.junction.serializer.msgpack.internal.MsgpackSerializerComponent;
import dev.junction.spi.serializer.Serializer;

/**
 * The router's own cost of one RPC (CALL in, INVOCATION out, YIELD in, RESULT out, each through the real serializer),
 * in-process and without a network, with the router's per-message counting on and off. This is the figure the
 * metrics-cost question is about: over sockets the same counting is a smaller share of each call (Jetty, the kernel
 * and the client add their cost to both modes), while the socket benchmark's noise on a shared 2-core machine hides
 * differences of a few percent.
 *
 * <p>The counting switch is a static final constant read at class load ({@code -Djunction.router.counting}), so the two
 * modes run in separate forks: {@link CountingOn} and {@link CountingOff}. The client side does as little as it can
 * per call: it patches the request id into a pre-encoded CALL and YIELD (a copy of the template, as a transport hands
 * the router a fresh array per frame) and reads the INVOCATION's request id without decoding the message.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RouterRpcBench -prof gc} (the {@code gc} profiler shows
 * the allocation per call of each mode).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public abstract class RouterRpcBench {

    /** Counting on (the shipped default). */
    @Fork(value = 3, jvmArgsAppend = "-Djunction.router.counting=true")
    public static class CountingOn extends RouterRpcBench {
    }

    /** Counting off: the baseline. */
    @Fork(value = 3, jvmArgsAppend = "-Djunction.router.counting=false")
    public static class CountingOff extends RouterRpcBench {
    }

    /** Largest id a WAMP id may be (2^53 - 1); encoded at full width, then replaced by the real id in each copy. */
    private static final long ID_PLACEHOLDER = 9_007_199_254_740_991L;
    private static final String PROCEDURE = "com.example.echo";

    @Param({"json", "msgpack"})
    public String serializer;

    @Param({"32", "65536"})
    public int payloadSize;

    private Router router;
    private BenchConnection caller;
    private BenchConnection callee;
    private IdTemplate call;
    private IdTemplate yield;
    private long callRequest;

    @Setup
    public void setUp() {
        Serializer ser = "json".equals(serializer) ? new JsonSerializerComponent() : new MsgpackSerializerComponent();
        router = new Router(new RouterSettings(300, 300));
        router.putRealm("bench", new RealmSettings("realm1", UriCheck.STRICT));
        callee = new BenchConnection(router, ser);
        caller = new BenchConnection(router, ser);
        callee.deliver(new Hello("realm1", Map.of("roles", Map.of("callee", Map.of()))));
        caller.deliver(new Hello("realm1", Map.of("roles", Map.of("caller", Map.of()))));
        callee.deliver(new Register(1, Map.of(), PROCEDURE));
        if (caller.received != 1 || callee.received != 2) {
            throw new IllegalStateException("setup failed: " + caller.received + " / " + callee.received
                    + " messages received");
        }
        Payload payload = Payload.of(List.of("x".repeat(payloadSize)), Map.of());
        call = new IdTemplate(ser, new Call(ID_PLACEHOLDER, Map.of(), PROCEDURE, payload));
        yield = new IdTemplate(ser, new Yield(ID_PLACEHOLDER, Map.of(), payload));
    }

    @TearDown
    public void tearDown() {
        router.shutdown();
    }

    /** One call, answered: returns the caller's message count so that nothing is optimised away. */
    @Benchmark
    public long rpc() {
        long resultsBefore = caller.received;
        caller.handle.onMessage(call.with(++callRequest));
        callee.handle.onMessage(yield.with(requestId(callee.last)));
        if (caller.received != resultsBefore + 1) {
            throw new IllegalStateException("call " + callRequest + " was not answered");
        }
        return caller.received;
    }

    /** The request id of an INVOCATION (its second element), read from the wire without decoding the message. */
    private long requestId(byte[] m) {
        if (m[0] == '[') { // JSON: [68,<id>,...
            int i = 1;
            while (m[i] != ',') {
                i++;
            }
            long id = 0;
            for (i++; m[i] >= '0' && m[i] <= '9'; i++) {
                id = id * 10 + (m[i] - '0');
            }
            return id;
        }
        // MessagePack: array header, message type (a positive fixint), then the id in any unsigned int format
        int i = (m[0] & 0xf0) == 0x90 ? 1 : (m[0] & 0xff) == 0xdc ? 3 : 5;
        i++;
        int format = m[i] & 0xff;
        if (format < 0x80) {
            return format;
        }
        int width = switch (format) {
        case 0xcc -> 1;
        case 0xcd -> 2;
        case 0xce -> 4;
        case 0xcf -> 8;
        default -> throw new IllegalStateException("unexpected id format " + format);
        };
        long id = 0;
        for (int k = 1; k <= width; k++) {
            id = (id << 8) | (m[i + k] & 0xff);
        }
        return id;
    }

    /** A pre-encoded message whose request id is replaced in a fresh copy per use. */
    private static final class IdTemplate {
        private final byte[] bytes;
        private final int at;
        private final boolean text;

        IdTemplate(Serializer ser, WampMessage message) {
            bytes = ser.encode(message);
            text = !ser.isBinary();
            byte[] needle = text ? Long.toString(ID_PLACEHOLDER).getBytes(StandardCharsets.US_ASCII)
                    : new byte[] {(byte) 0xcf, 0, 0x1f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                            (byte) 0xff, (byte) 0xff};
            at = indexOf(bytes, needle);
            if (at < 0) {
                throw new IllegalStateException("request id not found in the encoded " + message);
            }
        }

        byte[] with(long id) {
            byte[] copy = bytes.clone();
            if (text) { // the id left-aligned, padded with spaces: JSON allows white space after a number
                String digits = Long.toString(id);
                for (int k = 0; k < 16; k++) {
                    copy[at + k] = k < digits.length() ? (byte) digits.charAt(k) : (byte) ' ';
                }
            } else { // a uint 64 keeps its width whatever the id
                for (int k = 0; k < 8; k++) {
                    copy[at + 1 + k] = (byte) (id >>> (56 - 8 * k));
                }
            }
            return copy;
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int k = 0; k < needle.length; k++) {
                    if (haystack[i + k] != needle[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
