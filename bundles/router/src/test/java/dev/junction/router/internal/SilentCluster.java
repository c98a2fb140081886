package dev.junction.router.internal;

import dev.junction.api.MatchPolicy;
import dev.junction.api.WampIds;
import dev.junction.spi.cluster.ClusterRouting;
import dev.junction.spi.cluster.LocalRouting;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemotePublication;

/**
 * A cluster that routes nothing to other nodes: each of {@link ClusterRouting}'s required methods does nothing (or
 * answers "no other node"), so that a test's cluster overrides only the part of the seam it watches.
 */
abstract class SilentCluster implements ClusterRouting {

    @Override
    public void attach(LocalRouting router) {
    }

    @Override
    public void detach(LocalRouting router) {
    }

    @Override
    public long newSessionId() {
        return WampIds.randomId();
    }

    @Override
    public void subscriptionAdded(String realm, MatchPolicy match, String topic) {
    }

    @Override
    public void subscriptionRemoved(String realm, MatchPolicy match, String topic) {
    }

    @Override
    public void published(RemotePublication publication) {
    }

    @Override
    public void registrationAdded(String realm, MatchPolicy match, String procedure, String invoke) {
    }

    @Override
    public void registrationRemoved(String realm, MatchPolicy match, String procedure) {
    }

    @Override
    public String registrationConflict(String realm, MatchPolicy match, String procedure, String invoke) {
        return null;
    }

    @Override
    public boolean call(RemoteCall call, RemoteAnswer answer) {
        return false;
    }
}
