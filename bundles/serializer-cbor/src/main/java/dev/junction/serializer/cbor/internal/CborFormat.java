package dev.junction.serializer.cbor.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/**
 * The one {@link CBORFactory} every parser and generator of this bundle comes from, and its limits. The limits are
 * the JSON serializer's, for the same reasons: strings as long as the transport lets a message be (the transport's
 * message size limit is the one place a limit belongs), nesting at most {@value #MAX_DEPTH} levels because values are
 * built recursively.
 */
final class CborFormat {
    /** The serializer's name and the format tag of its encoded payloads. */
    static final String NAME = "cbor";

    /** Deepest nesting of lists and dicts accepted or written. */
    static final int MAX_DEPTH = 1000;

    static final CBORFactory FACTORY = CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(MAX_DEPTH)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .disable(CBORFactory.Feature.INTERN_FIELD_NAMES)
            // The writer writes the message's array header itself and a sequence of head values after it.
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private CborFormat() {
    }
}
