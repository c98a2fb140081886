package dev.junction.spi.cluster;

import org.osgi.annotation.versioning.ProviderType;

import dev.junction.api.message.Payload;

/** Where the answer to a {@link RemoteCall} goes: the caller on this node. Called once, from any thread. */
@ProviderType
public interface RemoteAnswer {

    /** The callee's RESULT. */
    void result(Payload payload);

    /** The callee's ERROR, or one the cluster or the callee's router made up (its node left, a timeout...). */
    void error(String uri, Payload payload);
}
