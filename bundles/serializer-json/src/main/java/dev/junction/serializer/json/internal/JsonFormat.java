package dev.junction.serializer.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * The one {@link JsonFactory} every parser and generator of this bundle comes from (factories are thread-safe and
 * hold the symbol tables and buffer recyclers worth sharing), and the limits it enforces.
 *
 * <p>Limits:
 * <ul>
 * <li>String values may be as long as a Java string can be. Jackson's default (20 M chars) would make a large but
 * legal argument a protocol violation; message size is already bounded by the transport (WebSocket max message
 * size, RawSocket max length), which is the one place a limit belongs.</li>
 * <li>Nesting is limited to {@value #MAX_DEPTH} levels, reading and writing: values are built recursively, and a
 * deep nesting of brackets costs a client two bytes per level.</li>
 * <li>Numbers keep Jackson's default length limit (1000 digits); names its default (50,000 chars).</li>
 * </ul>
 *
 * <p>Strictness: the parser accepts only RFC 8259 JSON (no comments, single quotes, trailing commas, NaN or
 * unquoted control characters) in UTF-8. Duplicate keys are rejected in the dicts of a message's head, where
 * ambiguity could change what the router does; the payload is checked for syntax only and a duplicate key there
 * resolves to its last value when it is decoded. Jackson's {@code STRICT_DUPLICATE_DETECTION} is off because it
 * would cost on every payload the router only forwards. Field names are not interned: they come from untrusted
 * peers.
 */
final class JsonFormat {
    /** The serializer's name and the format tag of its encoded payloads. */
    static final String NAME = "json";

    /** Deepest nesting of lists and dicts accepted or written. */
    static final int MAX_DEPTH = 1000;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(MAX_DEPTH)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            // The writer appends an encoded payload after closing the generator: closing must not end the array.
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            // Characters outside the BMP as 4 UTF-8 bytes, not as an escaped surrogate pair (Jackson 2.x default).
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private JsonFormat() {
    }
}
