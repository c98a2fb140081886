package dev.junction.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Call;
import dev.junction.api.message.Event;
import dev.junction.api.message.Payload;
import dev.junction.api.message.WampMessage;
import dev.junction.serializer.json.internal.JsonSerializerComponent;
import dev.junction.serializer.cbor.internal.CborSerializerComponent;
import dev.junction.serializer.msgpack.internal.MsgpackSerializerComponent;
import dev.junction.spi.serializer.Serializer;

/**
 * Encode/decode of a CALL and an EVENT by the real serializer components (instantiated directly, as Declarative
 * Services would). Three cases per message:
 * <ul>
 * <li>{@code decode}: wire bytes to message (payload kept encoded, checked for syntax);</li>
 * <li>{@code encodeValues}: a message whose payload holds Java values (what a router-built message carries);</li>
 * <li>{@code encodePassThrough}: a message decoded by the same serializer, so its payload bytes are copied through
 * (the router's path for a CALL forwarded as INVOCATION between sessions sharing a serializer).</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar SerializerBench} (JMH options after it, e.g. -f 1 -wi 3).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializerBench {

    @Param({"json", "msgpack", "cbor"})
    public String serializer;

    @Param({"call", "event"})
    public String message;

    @Param({"32", "65536"})
    public int payloadSize;

    private Serializer ser;
    private WampMessage withValues;
    private WampMessage decoded;
    private byte[] wire;

    @Setup
    public void setup() throws ProtocolViolationException {
        ser = switch (serializer) {
        case "json" -> new JsonSerializerComponent();
        case "cbor" -> new CborSerializerComponent();
        default -> new MsgpackSerializerComponent();
        };
        Payload payload = Payload.of(java.util.List.of("x".repeat(payloadSize), 42L),
                Map.of("key", "value", "n", 7L));
        withValues = message.equals("call")
                ? new Call(12345L, Map.of(), "com.example.procedure", payload)
                : new Event(4711L, 8_000_000_000L, Map.of("publisher", 99L), payload);
        wire = ser.encode(withValues);
        decoded = ser.decode(wire.clone());
    }

    @Benchmark
    public WampMessage decode() throws ProtocolViolationException {
        return ser.decode(wire);
    }

    @Benchmark
    public byte[] encodeValues() {
        return ser.encode(withValues);
    }

    @Benchmark
    public byte[] encodePassThrough() {
        return ser.encode(decoded);
    }
}
