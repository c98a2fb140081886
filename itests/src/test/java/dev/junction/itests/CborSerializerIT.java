package dev.junction.itests;

import static dev.junction.itests.WampTestClient.GOODBYE;
import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The CBOR serializer bundle: CBOR, JSON and MsgPack sessions route to each other (binary as a CBOR byte string
 * arrives as bytes everywhere); stopping the bundle closes only its sessions and takes {@code wamp.2.cbor} out of the
 * offer, starting it offers it again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CborSerializerIT extends AbstractRouterIT {
    private static final String CBOR_BSN = "dev.junction.serializer.cbor";
    private static final String TOPIC = "com.example.cbor";
    private static final String PROC = "com.example.cbor_echo";

    private int port;

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {
                mavenBundle("com.fasterxml.jackson.dataformat", "jackson-dataformat-cbor").versionAsInProject(),
                junctionBundle("junction-serializer-cbor") };
    }

    @Before
    public void realmAndTransport() {
        createRealm(REALM);
        port = startTransport();
        awaitJoinable(port, REALM);
    }

    @After
    public void restartSerializer() {
        ensureStarted(CBOR_BSN);
    }

    @Test
    public void cborJsonAndMsgpackSessionsRouteToEachOther() {
        WampTestClient cbor = join("cbor", port, WampCodec.CBOR, REALM);
        WampTestClient json = join("json", port, WampCodec.JSON, REALM);
        WampTestClient msgpack = join("msgpack", port, WampCodec.MSGPACK, REALM);
        long cborSub = cbor.subscribe(TOPIC);
        long jsonSub = json.subscribe(TOPIC);
        long msgpackSub = msgpack.subscribe(TOPIC);
        long cborReg = cbor.register(PROC);

        byte[] bytes = { 0, 1, 2, (byte) 0xfe, (byte) 0xff };
        long publication = cbor.publishAcknowledged(TOPIC, Map.of("exclude_me", false),
                List.of("from cbor", 7L, 1.5, bytes), Map.of("k", List.of(true, Map.of("n", 1L))));
        for (var pair : List.of(Map.entry(cbor, cborSub), Map.entry(json, jsonSub), Map.entry(msgpack, msgpackSub))) {
            List<Object> event = pair.getKey().awaitEvent(pair.getValue());
            assertEquals(publication, id(event, 2));
            List<?> args = (List<?>) opt(event, 4, null);
            assertEquals(List.of("from cbor", 7L, 1.5), args.subList(0, 3));
            assertArrayEquals("binary through " + pair.getKey(), bytes, (byte[]) args.get(3));
            assertEquals(Map.of("k", List.of(true, Map.of("n", 1L))), opt(event, 5, null));
        }

        for (WampTestClient caller : List.of(json, msgpack, cbor)) {
            long call = caller.call(PROC, List.of("x", bytes), Map.of("from", caller.toString()));
            List<Object> invocation = cbor.awaitInvocation(cborReg);
            assertArrayEquals((byte[]) ((List<?>) opt(invocation, 4, null)).get(1), bytes);
            cbor.yield(id(invocation, 1), List.of("ok", bytes), null);
            List<Object> result = caller.awaitCallAnswer(call);
            assertMessage("RESULT for " + caller, result, RESULT);
            assertArrayEquals(bytes, (byte[]) ((List<?>) opt(result, 3, null)).get(1));
        }
    }

    @Test
    public void stoppingTheCborBundleClosesItsSessionsAndStartingItOffersCborAgain() {
        WampTestClient json = join("json", port, WampCodec.JSON, REALM);
        WampTestClient cbor = join("cbor", port, WampCodec.CBOR, REALM);
        long jsonSub = json.subscribe(TOPIC);

        Bundle serializer = installedBundle(CBOR_BSN);
        stopBundle(serializer);
        exchange.note("test", "stopped " + CBOR_BSN);

        List<Object> goodbye = cbor.awaitType(GOODBYE);
        assertEquals("GOODBYE for a session whose serializer went away: " + WampCodec.show(goodbye),
                "wamp.close.system_shutdown", goodbye.get(2));
        UpgradeAnswer refused = upgrade(port, WampCodec.CBOR.subprotocol, null);
        assertEquals("upgrade offering only wamp.2.cbor while its bundle is stopped: " + refused, 400,
                refused.status());
        assertFalse("the 400 must not claim cbor: " + refused, refused.body().contains("cbor"));

        // Positive control: JSON still works.
        long publication = json.publishAcknowledged(TOPIC, Map.of("exclude_me", false), List.of("json"), null);
        assertEquals(publication, id(json.awaitEvent(jsonSub), 2));
        assertFalse(json.isClosed());

        startBundle(serializer);
        WampTestClient cbor2 = awaitHandshake("cbor2", port, WampCodec.CBOR);
        cbor2.hello(REALM);
        long cbor2Sub = cbor2.subscribe(TOPIC);
        long again = json.publishAcknowledged(TOPIC, Map.of(), List.of("again"), null);
        assertEquals(again, id(cbor2.awaitEvent(cbor2Sub), 2));
        assertTrue(!cbor2.isClosed());
    }
}
