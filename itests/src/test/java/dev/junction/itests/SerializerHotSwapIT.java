package dev.junction.itests;

import static dev.junction.itests.WampTestClient.GOODBYE;
import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Issue 3 item 1: the MsgPack serializer bundle is stopped and started while a JSON and a MsgPack session exchange
 * calls and events. Its sessions are closed cleanly, the offer no longer has {@code wamp.2.msgpack} (HTTP 400),
 * the JSON sessions keep working and lose nothing; started again, the next handshake accepts MsgPack.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SerializerHotSwapIT extends AbstractRouterIT {
    private static final String TOPIC = "com.example.hotswap";
    private static final String LOAD_TOPIC = "com.example.hotswap_load";
    private static final String JSON_PROC = "com.example.json_echo";
    private static final String MSGPACK_PROC = "com.example.msgpack_echo";
    private static final String LOAD_PROC = "com.example.load_echo";

    private int port;

    @Before
    public void realmAndTransport() {
        createRealm(REALM);
        port = startTransport();
        awaitJoinable(port, REALM);
    }

    @After
    public void restartSerializer() {
        ensureStarted(MSGPACK_BSN);
    }

    @Test
    public void stoppingTheMsgpackBundleClosesOnlyItsSessionsAndStartingItOffersMsgpackAgain() {
        WampTestClient json = join("json", port, WampCodec.JSON, REALM);
        WampTestClient msgpack = join("msgpack", port, WampCodec.MSGPACK, REALM);
        long jsonSub = json.subscribe(TOPIC);
        long msgpackSub = msgpack.subscribe(TOPIC);
        long jsonReg = json.register(JSON_PROC);
        long msgpackReg = msgpack.register(MSGPACK_PROC);

        // Both directions work before the change.
        exchange(msgpack, json, jsonSub, jsonReg, JSON_PROC, "mp->json");
        exchange(json, msgpack, msgpackSub, msgpackReg, MSGPACK_PROC, "json->mp");

        // A second transport that speaks only msgpack (configured by name), with a session.
        int msgpackOnlyPort = freePort();
        Map<String, Object> msgpackOnlyProperties = transportProperties(msgpackOnlyPort);
        msgpackOnlyProperties.put("serializers", "msgpack");
        createFactoryConfiguration(TRANSPORT_PID, uniqueName("mponly"), msgpackOnlyProperties);
        waitForPortOpen(msgpackOnlyPort);
        WampTestClient msgpackOnly = awaitHandshake("msgpackOnly", msgpackOnlyPort, WampCodec.MSGPACK);
        msgpackOnly.hello(REALM);
        msgpackOnly.subscribe(TOPIC);

        // Calls in flight across the change, in both directions.
        long toMsgpack = json.call(MSGPACK_PROC, List.of("in flight to mp"), null);
        List<Object> msgpackInvocation = msgpack.awaitInvocation(msgpackReg);
        long toJson = msgpack.call(JSON_PROC, List.of("in flight to json"), null);
        List<Object> jsonInvocation = json.awaitInvocation(jsonReg);

        // Steady JSON load through the change: publisher -> subscriber, caller -> callee.
        WampTestClient loadPublisher = join("loadPublisher", port, WampCodec.JSON, REALM);
        WampTestClient loadSubscriber = join("loadSubscriber", port, WampCodec.JSON, REALM);
        WampTestClient loadCaller = join("loadCaller", port, WampCodec.JSON, REALM);
        WampTestClient loadCallee = join("loadCallee", port, WampCodec.JSON, REALM);
        long loadSub = loadSubscriber.subscribe(LOAD_TOPIC);
        long loadReg = loadCallee.register(LOAD_PROC);
        Traffic traffic = new Traffic("hotswap", loadPublisher, LOAD_TOPIC, loadCaller, loadCallee, loadReg,
                LOAD_PROC).start();
        try {
            traffic.awaitMore(5, TIMEOUT);

            Bundle serializer = installedBundle(MSGPACK_BSN);
            int serializersBefore = serviceCount(SERIALIZER_SERVICE);
            stopBundle(serializer);
            exchange.note("test", "stopped " + MSGPACK_BSN);
            assertEquals("Serializer services after stopping msgpack", serializersBefore - 1,
                    serviceCount(SERIALIZER_SERVICE));

            // The calls in flight are answered once each: the callees answer now. The MsgPack session may still be
            // draining (then the RESULTs get through) or already gone (then the JSON caller gets ERROR canceled).
            msgpack.yield(id(msgpackInvocation, 1), List.of("mp ok"), null);
            json.yield(id(jsonInvocation, 1), List.of("json ok"), null);
            List<Object> fromMsgpack = json.awaitCallAnswer(toMsgpack);
            if (WampTestClient.type(fromMsgpack) == RESULT) {
                assertEquals(List.of("mp ok"), opt(fromMsgpack, 3, null));
            } else {
                assertEquals("answer to the CALL in flight to the MsgPack callee: " + WampCodec.show(fromMsgpack),
                        "wamp.error.canceled", opt(fromMsgpack, 4, null));
            }
            try {
                List<Object> fromJson = msgpack.awaitCallAnswer(toJson);
                assertMessage("answer to the MsgPack caller's CALL in flight", fromJson, RESULT);
                assertEquals(List.of("json ok"), opt(fromJson, 3, null));
            } catch (AssertionError e) {
                assertTrue("the MsgPack caller's CALL in flight got no answer although its session is open: "
                        + e.getMessage(), msgpack.isClosed());
            }
            System.out.println("SerializerHotSwapIT: call in flight to the MsgPack callee was answered with "
                    + WampCodec.show(fromMsgpack));

            // The MsgPack sessions are closed cleanly: GOODBYE system_shutdown (README), or at least a close frame
            // with a reason; never a dropped connection.
            List<Object> onlyGoodbye = msgpackOnly.awaitType(GOODBYE);
            assertEquals("GOODBYE reason on the msgpack-only transport: " + WampCodec.show(onlyGoodbye),
                    "wamp.close.system_shutdown", onlyGoodbye.get(2));
            assertTrue("close frame on the msgpack-only transport", msgpackOnly.awaitClosed().code() > 0);
            WampTestClient.Closed closed = msgpack.awaitClosed();
            List<List<Object>> left = msgpack.inbox();
            List<Object> goodbye = left.stream().filter(m -> WampTestClient.type(m) == GOODBYE).findFirst()
                    .orElse(null);
            if (goodbye != null) {
                assertEquals("GOODBYE reason for a session whose serializer went away: " + WampCodec.show(goodbye),
                        "wamp.close.system_shutdown", goodbye.get(2));
            } else {
                assertTrue("the MsgPack session must end with GOODBYE or a close frame with a reason, was " + closed
                        + "; received " + msgpack.transcript(),
                        closed.code() > 0 && closed.reason() != null && !closed.reason().isBlank());
            }
            assertTrue("the MsgPack session must end with a close frame, not a drop: " + closed, closed.code() > 0);

            // The offer no longer has msgpack: 400 naming only what is left.
            UpgradeAnswer refused = upgrade(port, WampCodec.MSGPACK.subprotocol, null);
            assertEquals("upgrade offering only wamp.2.msgpack while its bundle is stopped: " + refused, 400,
                    refused.status());
            assertFalse("the 400 must not claim msgpack: " + refused, refused.body().contains("msgpack"));
            assertTrue("the 400 names the subprotocols spoken: " + refused, refused.body().contains("wamp.2.json"));

            UpgradeAnswer none = upgrade(msgpackOnlyPort, WampCodec.MSGPACK.subprotocol, null);
            assertEquals("upgrade on the msgpack-only transport while msgpack is stopped: " + none, 400,
                    none.status());
            assertTrue("the msgpack-only transport still listens", acceptsConnections(msgpackOnlyPort));

            // The JSON sessions keep working, during and after.
            traffic.awaitMore(5, TIMEOUT);
            assertFalse("the JSON session must stay connected: " + json.transcript(), json.isClosed());
            long publication = json.publishAcknowledged(TOPIC, Map.of("exclude_me", false), List.of("json alone"),
                    null);
            List<Object> own = json.awaitEvent(jsonSub);
            assertEquals(publication, id(own, 2));
            assertEquals(List.of("json alone"), opt(own, 4, null));
            WampTestClient json2 = join("json2", port, WampCodec.JSON, REALM);
            exchange(json2, json, jsonSub, jsonReg, JSON_PROC, "json2->json");
            // The MsgPack callee's registration went with its session.
            long gone = json.call(MSGPACK_PROC, List.of(), null);
            List<Object> answer = json.awaitCallAnswer(gone);
            assertEquals("CALL to the closed MsgPack session's procedure: " + WampCodec.show(answer),
                    "wamp.error.no_such_procedure", opt(answer, 4, null));

            // Started again: the next handshake accepts msgpack, and MsgPack and JSON route to each other again.
            startBundle(serializer);
            exchange.note("test", "started " + MSGPACK_BSN);
            WampTestClient msgpack2 = awaitHandshake("msgpack2", port, WampCodec.MSGPACK);
            msgpack2.hello(REALM);
            long msgpack2Sub = msgpack2.subscribe(TOPIC);
            long msgpack2Reg = msgpack2.register(MSGPACK_PROC);
            exchange(msgpack2, json, jsonSub, jsonReg, JSON_PROC, "mp2->json");
            exchange(json, msgpack2, msgpack2Sub, msgpack2Reg, MSGPACK_PROC, "json->mp2");
            WampTestClient msgpackOnly2 = awaitHandshake("msgpackOnly2", msgpackOnlyPort, WampCodec.MSGPACK);
            msgpackOnly2.hello(REALM);
            long msgpackOnly2Sub = msgpackOnly2.subscribe(TOPIC);
            long last = json.publishAcknowledged(TOPIC, Map.of(), List.of("last"), null);
            assertEquals(last, id(msgpackOnly2.awaitEvent(msgpackOnly2Sub), 2));
            assertEquals(last, id(msgpack2.awaitEvent(msgpack2Sub), 2));
            traffic.awaitMore(3, TIMEOUT);
        } finally {
            traffic.close();
        }
        traffic.stop();
        int published = traffic.verifyNothingLost(loadSubscriber, loadSub);
        assertTrue("the load ran through the change: " + published, published >= 13);
        assertFalse("the JSON load sessions stay connected", loadSubscriber.isClosed() || loadPublisher.isClosed()
                || loadCaller.isClosed() || loadCallee.isClosed());
    }

    /**
     * {@code from} publishes (acknowledged) to {@link #TOPIC}, {@code to} gets the EVENT; {@code from} calls
     * {@code procedure} registered by {@code to}, which yields; {@code from} gets the RESULT.
     */
    private static void exchange(WampTestClient from, WampTestClient to, long toSubscription, long toRegistration,
            String procedure, String tag) {
        long publication = from.publishAcknowledged(TOPIC, Map.of(), List.of(tag), Map.of("k", tag));
        List<Object> event = to.awaitEvent(toSubscription);
        assertEquals("EVENT for " + tag, publication, id(event, 2));
        assertEquals(List.of(tag), opt(event, 4, null));
        assertEquals(Map.of("k", tag), opt(event, 5, null));

        long call = from.call(procedure, List.of(tag, 1L), null);
        List<Object> invocation = to.awaitInvocation(toRegistration);
        assertEquals(List.of(tag, 1L), opt(invocation, 4, null));
        to.yield(id(invocation, 1), List.of(tag + " ok"), null);
        List<Object> result = from.awaitCallAnswer(call);
        assertMessage("answer to CALL " + procedure + " (" + tag + ")", result, RESULT);
        assertEquals(List.of(tag + " ok"), opt(result, 3, null));
    }
}
