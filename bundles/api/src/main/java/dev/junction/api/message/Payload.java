package dev.junction.api.message;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The application payload of a message: {@code Arguments|list} and {@code ArgumentsKw|dict}.
 *
 * <p>A payload is either built from values ({@link #of}) or left in the bytes a serializer decoded it from
 * ({@link #encoded}). An encoded payload has been checked for syntax (the serializer walked it without building
 * values), keeps a reference to the received frame, and decodes its values only when someone asks for
 * {@link #args()} or {@link #kwargs()}. A serializer that writes a payload it encoded itself copies the bytes
 * through instead of re-encoding them: this is what lets the dealer forward a call and the broker fan out an event
 * without touching the application data.
 *
 * <p>Values in the decoded view: {@code null}, {@link Boolean}, {@link Long} (or {@link java.math.BigInteger}
 * beyond 64 bits), {@link Double}, {@link String}, {@code byte[]}, {@link List} and {@link Map} with
 * {@link String} keys. Instances are immutable and safe to share between threads.
 */
public final class Payload {
    /** No arguments, no keyword arguments. */
    public static final Payload EMPTY = new Payload(List.of(), Map.of(), null);

    private volatile List<Object> args;
    private volatile Map<String, Object> kwargs;
    private final Encoded encoded;

    private Payload(List<Object> args, Map<String, Object> kwargs, Encoded encoded) {
        this.args = args;
        this.kwargs = kwargs;
        this.encoded = encoded;
    }

    /** A payload of values; {@code null} stands for empty. The collections are used as they are, not copied. */
    public static Payload of(List<?> args, Map<String, ?> kwargs) {
        if ((args == null || args.isEmpty()) && (kwargs == null || kwargs.isEmpty())) {
            return EMPTY;
        }
        @SuppressWarnings("unchecked")
        List<Object> a = args == null ? List.of() : Collections.unmodifiableList((List<Object>) args);
        @SuppressWarnings("unchecked")
        Map<String, Object> k = kwargs == null ? Map.of() : Collections.unmodifiableMap((Map<String, Object>) kwargs);
        return new Payload(a, k, null);
    }

    /** A payload of positional values only. */
    public static Payload of(Object... args) {
        return of(List.of(args), null);
    }

    /**
     * A payload that stays in a serializer's bytes. The serializer promises that {@code encoded.source()} is never
     * written again and that the ranges hold a syntactically valid list and dict.
     */
    public static Payload encoded(Encoded encoded) {
        return new Payload(null, null, Objects.requireNonNull(encoded));
    }

    public List<Object> args() {
        List<Object> a = args;
        if (a == null) {
            a = encoded.argsLength() == 0 ? List.of() : castList(encoded.decoder().decode(encoded.source(),
                    encoded.argsOffset(), encoded.argsLength()));
            args = a;
        }
        return a;
    }

    public Map<String, Object> kwargs() {
        Map<String, Object> k = kwargs;
        if (k == null) {
            k = encoded.kwargsLength() == 0 ? Map.of() : castMap(encoded.decoder().decode(encoded.source(),
                    encoded.kwargsOffset(), encoded.kwargsLength()));
            kwargs = k;
        }
        return k;
    }

    /** True when there are neither arguments nor keyword arguments, so the wire form omits both. */
    public boolean isEmpty() {
        if (encoded != null) {
            return encoded.emptyArgs() && encoded.kwargsLength() == 0;
        }
        return args.isEmpty() && kwargs.isEmpty();
    }

    /** True when there are keyword arguments, so the wire form carries both elements. */
    public boolean hasKwargs() {
        return encoded != null ? encoded.kwargsLength() > 0 : !kwargs.isEmpty();
    }

    /** The encoded form when the payload is still in the bytes of serializer {@code format}, else {@code null}. */
    public Encoded encodedAs(String format) {
        return encoded != null && encoded.format().equals(format) ? encoded : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return Collections.unmodifiableList((List<Object>) o);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return Collections.unmodifiableMap((Map<String, Object>) o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && args().equals(p.args()) && kwargs().equals(p.kwargs());
    }

    @Override
    public int hashCode() {
        return Objects.hash(args(), kwargs());
    }

    @Override
    public String toString() {
        return encoded != null && args == null ? "Payload[encoded " + encoded.format() + "]"
                : "Payload[args=" + args + ", kwargs=" + kwargs + "]";
    }

    /** Decodes one value of a serializer's format. */
    @FunctionalInterface
    public interface Decoder {
        Object decode(byte[] source, int offset, int length);
    }

    /**
     * Where a payload sits in a received frame. A length of 0 means the element was absent. {@code emptyArgs} tells
     * whether the arguments list has no elements (so that an empty list followed by no kwargs can be dropped).
     */
    public record Encoded(String format, byte[] source, int argsOffset, int argsLength, boolean emptyArgs,
            int kwargsOffset, int kwargsLength, Decoder decoder) {
    }
}
