package dev.junction.transport.web.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import dev.junction.spi.call.CallResult;
import dev.junction.spi.transport.WampRouter;

/** A {@link WampBridge} on one {@link BridgeSession} at a time, opened on first use and again after it closed. */
final class BridgeSessions implements WampBridge {
    private final WampRouter router;
    private final String transportId;
    private final String path;
    private final String realm;
    private final String role;
    private final Executor completions;
    private BridgeSession current;
    private boolean closed;

    BridgeSessions(WampRouter router, String transportId, String path, String realm, String role,
            Executor completions) {
        this.router = router;
        this.transportId = transportId;
        this.path = path;
        this.realm = realm;
        this.role = role;
        this.completions = completions;
    }

    private synchronized BridgeSession session() {
        if (closed) {
            throw new BridgeSession.Unavailable("the path service is stopping");
        }
        if (current == null || !current.usable()) {
            current = BridgeSession.open(router, transportId, path, realm, role, completions);
        }
        return current;
    }

    @Override
    public CompletionStage<Long> publish(String topic, List<?> args, Map<String, ?> kwargs,
            Map<String, Object> options) {
        return session().publish(topic, args, kwargs, options);
    }

    @Override
    public CompletionStage<CallResult> call(String procedure, List<?> args, Map<String, ?> kwargs) {
        return session().call(procedure, args, kwargs);
    }

    @Override
    public void close() {
        BridgeSession last;
        synchronized (this) {
            closed = true;
            last = current;
            current = null;
        }
        if (last != null) {
            last.close();
        }
    }
}
