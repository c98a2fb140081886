package dev.junction.router.internal;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.junction.api.UriCheck;

/**
 * A router with realm {@code realm1} (strict URIs, meta API on) and short shutdown bounds, and clients joined to it
 * over the test serializer. Routing is synchronous here: a message is in the receiver's inbox when
 * {@link TestClient#deliver} returns, so "nothing arrived" can be asserted at once.
 */
abstract class RouterTestSupport {
    protected final TestSerializer json = new TestSerializer("json");
    protected Router router;

    @BeforeEach
    void startRouter() {
        router = new Router(new RouterSettings(300, 300));
        router.putRealm("realm~1", new RealmSettings("realm1", UriCheck.STRICT));
    }

    @AfterEach
    void stopRouter() {
        router.shutdown();
    }

    /** A client joined to {@code realm1}. */
    protected TestClient joined() {
        return joined(Map.of());
    }

    /** A client joined to {@code realm1} announcing {@code calleeFeatures} for its callee role. */
    protected TestClient joined(Map<String, Object> calleeFeatures) {
        return joinedTo("realm1", calleeFeatures);
    }

    protected TestClient joinedTo(String realm, Map<String, Object> calleeFeatures) {
        TestClient c = new TestClient(router, json);
        c.join(realm, calleeFeatures);
        return c;
    }
}
