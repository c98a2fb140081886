package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The caller's next chunk of the progressive call invocation {@code id} from {@code replyTo} ({@code more}: not the last). */
record ChunkRequest(long id, String replyTo, List<Object> args, Map<String, Object> kwargs, boolean more)
        implements Serializable {
}
