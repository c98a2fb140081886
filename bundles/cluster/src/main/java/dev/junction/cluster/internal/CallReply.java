package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The answer to a {@link CallRequest}: a result ({@code error == null}) or an error URI, with its payload. */
record CallReply(long id, String error, List<Object> args, Map<String, Object> kwargs) implements Serializable {
}
