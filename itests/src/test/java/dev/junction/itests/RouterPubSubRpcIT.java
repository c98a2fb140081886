package dev.junction.itests;

import static dev.junction.itests.WampTestClient.CALL;
import static dev.junction.itests.WampTestClient.ERROR;
import static dev.junction.itests.WampTestClient.EVENT;
import static dev.junction.itests.WampTestClient.INVOCATION;
import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * End to end through the real transport: Basic Profile publish/subscribe and call/register over
 * {@code wamp.2.json} and {@code wamp.2.msgpack} (house style 22's serializer axis), across serializers, and the
 * two ERROR paths of a call (the callee's own error, no such procedure).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RouterPubSubRpcIT extends AbstractRouterIT {
    private static final String TOPIC = "com.example.topic1";

    /** Arguments exercising every scalar type both serializers carry, plus nesting. */
    private static final List<Object> ARGS = Arrays.asList("hello", 42L, -7L, 1.5, true, false, null,
            List.of("nested", 1L), "grüße ✓");
    private static final Map<String, Object> KWARGS = orderedMap("color", "orange", "count", 3L,
            "nested", Map.of("inner", List.of(1L, 2L, 3L)), "big", 9007199254740992L);

    private int port;

    @Before
    public void realmAndTransport() {
        createRealm(REALM);
        port = startTransport();
        awaitJoinable(port, REALM);
    }

    // ---- publish / subscribe ----

    @Test
    public void publishDeliversEventWithArgsAndKwargsJson() {
        publishDeliversEvent(WampCodec.JSON, WampCodec.JSON);
    }

    @Test
    public void publishDeliversEventWithArgsAndKwargsMsgpack() {
        publishDeliversEvent(WampCodec.MSGPACK, WampCodec.MSGPACK);
    }

    @Test
    public void msgpackPublisherReachesJsonSubscriber() {
        publishDeliversEvent(WampCodec.MSGPACK, WampCodec.JSON);
    }

    private void publishDeliversEvent(WampCodec publisherCodec, WampCodec subscriberCodec) {
        WampTestClient subscriber = join("subscriber", port, subscriberCodec, REALM);
        WampTestClient publisher = join("publisher", port, publisherCodec, REALM);
        long subscription = subscriber.subscribe(TOPIC);

        long publication = publisher.publishAcknowledged(TOPIC, Map.of(), ARGS, KWARGS);

        // [EVENT, SUBSCRIBED.Subscription|id, PUBLISHED.Publication|id, Details|dict, Arguments|list, ArgumentsKw|dict]
        List<Object> event = subscriber.awaitEvent(subscription);
        assertMessage("event", event, EVENT);
        assertEquals("EVENT carries the publication id of PUBLISHED: " + event, publication, id(event, 2));
        WampTestClient.dict(event, 3);
        assertEquals("EVENT Arguments", ARGS, opt(event, 4, null));
        assertEquals("EVENT ArgumentsKw", KWARGS, opt(event, 5, null));
    }

    @Test
    public void publisherIsExcludedByDefaultJson() {
        publisherIsExcludedByDefault(WampCodec.JSON);
    }

    @Test
    public void publisherIsExcludedByDefaultMsgpack() {
        publisherIsExcludedByDefault(WampCodec.MSGPACK);
    }

    /**
     * The publisher is subscribed itself. Its first publication (exclude_me defaults to true) must not reach it; its
     * second, with exclude_me=false, must. Per-session order makes the check exact without waiting for an absence:
     * the first EVENT the publisher receives must be the second publication's.
     */
    private void publisherIsExcludedByDefault(WampCodec codec) {
        WampTestClient publisher = join("publisher", port, codec, REALM);
        WampTestClient other = join("other", port, codec, REALM);
        long publisherSubscription = publisher.subscribe(TOPIC);
        long otherSubscription = other.subscribe(TOPIC);

        long first = publisher.publishAcknowledged(TOPIC, Map.of(), List.of("first"), null);
        assertEquals("the other subscriber gets the first publication", first,
                id(other.awaitEvent(otherSubscription), 2));

        long second = publisher.publishAcknowledged(TOPIC, Map.of("exclude_me", false), List.of("second"), null);
        List<Object> own = publisher.awaitEvent(publisherSubscription);
        assertEquals("the publisher's first EVENT must be its exclude_me=false publication " + second
                + ", not the excluded one " + first + ": " + WampCodec.show(own), second, id(own, 2));
        assertEquals(List.of("second"), opt(own, 4, null));
        assertEquals(second, id(other.awaitEvent(otherSubscription), 2));
    }

    // ---- call / register ----

    @Test
    public void callIsInvokedAndResultReturnedJson() {
        callIsInvokedAndResultReturned(WampCodec.JSON, WampCodec.JSON);
    }

    @Test
    public void callIsInvokedAndResultReturnedMsgpack() {
        callIsInvokedAndResultReturned(WampCodec.MSGPACK, WampCodec.MSGPACK);
    }

    @Test
    public void jsonCallerReachesMsgpackCallee() {
        callIsInvokedAndResultReturned(WampCodec.JSON, WampCodec.MSGPACK);
    }

    private void callIsInvokedAndResultReturned(WampCodec callerCodec, WampCodec calleeCodec) {
        WampTestClient callee = join("callee", port, calleeCodec, REALM);
        WampTestClient caller = join("caller", port, callerCodec, REALM);
        long registration = callee.register("com.example.add");

        long call = caller.call("com.example.add", ARGS, KWARGS);

        // [INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, CALL.Arguments|list, CALL.ArgumentsKw|dict]
        List<Object> invocation = callee.awaitInvocation(registration);
        assertMessage("invocation", invocation, INVOCATION);
        WampTestClient.dict(invocation, 3);
        assertEquals("INVOCATION Arguments", ARGS, opt(invocation, 4, null));
        assertEquals("INVOCATION ArgumentsKw", KWARGS, opt(invocation, 5, null));

        List<Object> resultArgs = List.of(5L, "five");
        Map<String, Object> resultKwargs = orderedMap("unit", "apples", "exact", true);
        callee.yield(id(invocation, 1), resultArgs, resultKwargs);

        // [RESULT, CALL.Request|id, Details|dict, YIELD.Arguments|list, YIELD.ArgumentsKw|dict]
        List<Object> result = caller.awaitCallAnswer(call);
        assertMessage("answer to CALL", result, RESULT);
        assertEquals(call, id(result, 1));
        WampTestClient.dict(result, 2);
        assertEquals("RESULT Arguments", resultArgs, opt(result, 3, null));
        assertEquals("RESULT ArgumentsKw", resultKwargs, opt(result, 4, null));
    }

    @Test
    public void calleeErrorReachesCallerJson() {
        calleeErrorReachesCaller(WampCodec.JSON, WampCodec.JSON);
    }

    @Test
    public void calleeErrorReachesCallerMsgpack() {
        calleeErrorReachesCaller(WampCodec.MSGPACK, WampCodec.MSGPACK);
    }

    @Test
    public void msgpackCalleeErrorReachesJsonCaller() {
        calleeErrorReachesCaller(WampCodec.JSON, WampCodec.MSGPACK);
    }

    private void calleeErrorReachesCaller(WampCodec callerCodec, WampCodec calleeCodec) {
        WampTestClient callee = join("callee", port, calleeCodec, REALM);
        WampTestClient caller = join("caller", port, callerCodec, REALM);
        long registration = callee.register("com.example.buy");

        long call = caller.call("com.example.buy", List.of("apple", 3L), null);
        List<Object> invocation = callee.awaitInvocation(registration);
        List<Object> errorArgs = List.of("no more apples");
        Map<String, Object> errorKwargs = orderedMap("left", 0L, "restock", "tomorrow");
        callee.invocationError(id(invocation, 1), "com.example.error.out_of_stock", errorArgs, errorKwargs);

        // [ERROR, CALL, CALL.Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict]
        List<Object> error = caller.awaitCallAnswer(call);
        assertMessage("answer to CALL", error, ERROR);
        assertEquals((long) CALL, id(error, 1));
        assertEquals(call, id(error, 2));
        WampTestClient.dict(error, 3);
        assertEquals("com.example.error.out_of_stock", error.get(4));
        assertEquals("ERROR Arguments", errorArgs, opt(error, 5, null));
        assertEquals("ERROR ArgumentsKw", errorKwargs, opt(error, 6, null));
    }

    @Test
    public void callToUnknownProcedureFailsJson() {
        callToUnknownProcedureFails(WampCodec.JSON);
    }

    @Test
    public void callToUnknownProcedureFailsMsgpack() {
        callToUnknownProcedureFails(WampCodec.MSGPACK);
    }

    private void callToUnknownProcedureFails(WampCodec codec) {
        WampTestClient caller = join("caller", port, codec, REALM);

        long call = caller.call("com.example.nobody_home", List.of(1L), null);

        List<Object> error = caller.awaitCallAnswer(call);
        assertMessage("answer to CALL", error, ERROR);
        assertEquals((long) CALL, id(error, 1));
        assertEquals("wamp.error.no_such_procedure", error.get(4));

        // The session is still usable afterwards (positive control).
        long registration = caller.register("com.example.echo");
        assertNotEquals(0L, registration);
        long second = caller.call("com.example.echo", List.of("ping"), null);
        List<Object> invocation = caller.awaitInvocation(registration);
        caller.yield(id(invocation, 1), List.of("pong"), null);
        List<Object> result = caller.awaitCallAnswer(second);
        assertMessage("answer to the second CALL", result, RESULT);
        assertTrue(result.size() > 3);
        assertEquals(List.of("pong"), result.get(3));
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
