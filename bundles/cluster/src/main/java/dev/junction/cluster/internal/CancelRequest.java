package dev.junction.cluster.internal;

import java.io.Serializable;

/** The caller's CANCEL of the {@link CallRequest} {@code id} from {@code replyTo}, to the callee's node. */
record CancelRequest(long id, String replyTo, String mode) implements Serializable {
}
