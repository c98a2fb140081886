package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.junction.api.UriCheck;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Authenticate;
import dev.junction.api.message.Call;
import dev.junction.api.message.Cancel;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Register;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.Yield;

/**
 * Coverage-guided fuzzing of the session state machine with broker and dealer behind it (Jazzer): three clients
 * send arbitrary, interleaved sequences of well-formed messages (any type in any state, request ids that are
 * sometimes in sequence and sometimes not, valid and invalid URIs, options the advanced features read). The
 * router must answer every one the defined way: no exception escapes {@code onMessage}, and no session is closed
 * with 1011 (internal error), which is what the session does when its own code throws.
 */
class SessionFuzzTest {
    private static final Router ROUTER = new Router(new RouterSettings(0, 0));
    private static final String[] URIS = { "com.example.a", "com.example.b", "com.example", "wamp.session.count",
        "wamp.session.list", "com..bad", "Com.Bad", "", "com.example.a.b" };
    private static final String[] REALMS = { "realm1", "realm2", "no_such_realm" };

    static {
        ROUTER.putRealm("realm~1", new RealmSettings("realm1", UriCheck.STRICT));
        ROUTER.putRealm("realm~2", new RealmSettings("realm2", UriCheck.LOOSE, true,
                new OutboundLimits(OutboundLimits.Policy.DISCONNECT, 1024, 3), 2));
    }

    @AfterAll
    static void stop() {
        ROUTER.shutdown();
    }

    @FuzzTest(maxDuration = "30s")
    void messageSequences(FuzzedDataProvider data) {
        List<TestClient> clients = new ArrayList<>();
        // A serializer per iteration: the test serializer keeps every message it encoded, so a shared one would grow
        // without bound over a long run.
        TestSerializer serializer = new TestSerializer("json");
        for (int i = 0; i < 3; i++) {
            clients.add(new TestClient(ROUTER, serializer));
        }
        try {
            int steps = data.consumeInt(1, 60);
            for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
                TestClient c = clients.get(data.consumeInt(0, clients.size() - 1));
                if (data.consumeBoolean() && data.consumeInt(0, 7) == 0) {
                    c.stall(); // sometimes a client stops reading, to reach the outbound limits
                }
                c.deliver(message(data, c));
                assertThat(c.closeCode).as("closed with internal error").isNotEqualTo(1011);
            }
        } finally {
            for (TestClient c : clients) {
                c.close(1000, "fuzz iteration done");
            }
        }
    }

    private static WampMessage message(FuzzedDataProvider data, TestClient c) {
        long request = data.consumeBoolean() ? c.nextRequest() : data.consumeLong(1, 20);
        String uri = data.pickValue(URIS);
        Map<String, Object> options = options(data);
        Payload payload = data.consumeBoolean() ? Payload.EMPTY
                : Payload.of(List.of(data.consumeInt(), data.consumeString(8)), Map.of("k", data.consumeBoolean()));
        return switch (data.consumeInt(0, 14)) {
            case 0 -> new Hello(data.pickValue(REALMS), Map.of("roles", Map.of("caller", Map.of(), "callee",
                    Map.of("features", Map.of("call_canceling", data.consumeBoolean(), "progressive_call_results",
                            data.consumeBoolean())), "publisher", Map.of(), "subscriber", Map.of())));
            case 1 -> new Goodbye(Map.of(), "wamp.close.close_realm");
            case 2 -> new Abort(Map.of(), "wamp.close.system_shutdown");
            case 3, 4 -> new Publish(request, options, uri, payload);
            case 5 -> new Subscribe(request, options, uri);
            case 6 -> new Unsubscribe(request, data.consumeLong(1, 10));
            case 7, 8 -> new Call(request, options, uri, payload);
            case 9 -> new Register(request, options, uri);
            case 10 -> new Unregister(request, data.consumeLong(1, 10));
            case 11 -> new Yield(data.consumeLong(1, 10), data.consumeBoolean() ? Map.of("progress", true) : Map.of(),
                    payload);
            case 12 -> new ErrorMessage(data.consumeBoolean() ? Invocation.TYPE : Call.TYPE, data.consumeLong(1, 10),
                    Map.of(), "com.example.error", payload);
            case 13 -> new Cancel(data.consumeLong(1, 10), Map.of("mode", data.pickValue(
                    new String[] { "skip", "kill", "killnowait", "bogus" })));
            default -> new Authenticate("sig", Map.of());
        };
    }

    private static Map<String, Object> options(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> Map.of("acknowledge", true);
            case 1 -> Map.of("acknowledge", true, "exclude_me", false, "retain", data.consumeBoolean());
            case 2 -> Map.of("match", data.pickValue(new String[] { "prefix", "wildcard", "exact", "bogus" }));
            case 3 -> Map.of("invoke", data.pickValue(new String[] { "roundrobin", "random", "first", "last", "x" }));
            case 4 -> Map.of("timeout", data.consumeLong(-1, 50), "receive_progress", data.consumeBoolean());
            case 5 -> Map.of("exclude", List.of(data.consumeLong()), "eligible_authrole", List.of("anonymous"));
            case 6 -> Map.of("get_retained", true, "disclose_me", true);
            default -> Map.of();
        };
    }
}
