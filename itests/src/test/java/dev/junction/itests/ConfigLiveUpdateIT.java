package dev.junction.itests;

import static dev.junction.itests.WampTestClient.ERROR;
import static dev.junction.itests.WampTestClient.REGISTER;
import static dev.junction.itests.WampTestClient.REGISTERED;
import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static dev.junction.itests.WampTestClient.type;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Issue 3 item 4: live configuration updates. Options that need no new socket (allowed origins, message size) apply
 * to new handshakes while a joined session stays connected and keeps working; an invalid update is refused and the
 * listener keeps serving with its previous configuration; a realm's {@code uri_check} changed to {@code loose}
 * applies to new sessions. (Removing a realm is {@link RealmConfigIT}'s.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigLiveUpdateIT extends AbstractRouterIT {
    private static final String TOPIC = "com.example.live";
    private static final String PROBE_TOPIC = "com.example.live_probe";
    private static final String EVIL = "https://evil.example.com";
    private static final String GOOD = "https://app.example.org";

    @Test
    public void allowedOriginsUpdateAppliesToNewHandshakesAndKeepsConnections() {
        createRealm(REALM);
        int port = freePort();
        Configuration transport = createFactoryConfiguration(TRANSPORT_PID, uniqueName("origins"),
                transportProperties(port));
        waitForPortOpen(port);
        awaitJoinable(port, REALM);
        WampTestClient steady = join("steady", port, WampCodec.JSON, REALM);
        long sub = steady.subscribe(TOPIC);
        assertEquals("default allowed_origins * accepts any origin", 101,
                upgrade(port, WampCodec.JSON.subprotocol, EVIL).status());

        Map<String, Object> restricted = transportProperties(port);
        restricted.put("options.allowed_origins", "https://*.example.org");
        updateConfiguration(transport, restricted);

        UpgradeAnswer denied = awaitUpgradeStatus(port, WampCodec.JSON.subprotocol, EVIL, 403);
        assertTrue("403 names the origin: " + denied, denied.body().contains(EVIL));
        assertEquals("an allowed origin still gets through", 101,
                upgrade(port, WampCodec.JSON.subprotocol, GOOD).status());

        // The session that joined before the update is still connected and routed; new clients (no Origin) join.
        assertSteady(steady, sub, "after allowed_origins update");
        WampTestClient fresh = join("fresh", port, WampCodec.MSGPACK, REALM);
        long publication = fresh.publishAcknowledged(TOPIC, Map.of(), List.of("fresh"), null);
        assertEquals(publication, id(steady.awaitEvent(sub), 2));
    }

    @Test
    public void maxMessageSizeUpdateAppliesToNewConnectionsOnly() {
        createRealm(REALM);
        int port = freePort();
        Configuration transport = createFactoryConfiguration(TRANSPORT_PID, uniqueName("size"),
                transportProperties(port));
        waitForPortOpen(port);
        awaitJoinable(port, REALM);
        WampTestClient steady = join("steady", port, WampCodec.JSON, REALM);
        long sub = steady.subscribe(TOPIC);
        WampTestClient before = join("before", port, WampCodec.JSON, REALM);

        Map<String, Object> limited = transportProperties(port);
        limited.put("options.max_message_size", 256);
        updateConfiguration(transport, limited);
        String big = "x".repeat(600);

        // New connections get the limit: a 600-byte PUBLISH closes the connection with 1009 (message too big). The
        // probes publish elsewhere, so that a probe that came before the update took effect leaves no EVENT behind.
        List<String> attempts = new ArrayList<>();
        WampTestClient.Closed tooBig = waitFor("a new connection to be closed with 1009 for a 600-byte message", TIMEOUT,
                () -> {
                    WampTestClient probe = join("probe", port, WampCodec.JSON, REALM);
                    probe.send(WampTestClient.PUBLISH, probe.nextRequestId(), Map.of("acknowledge", true), PROBE_TOPIC,
                            List.of(big));
                    try {
                        List<Object> answer = probe.await("PUBLISHED or ERROR",
                                m -> type(m) == WampTestClient.PUBLISHED || type(m) == ERROR);
                        attempts.add(WampCodec.show(answer));
                        probe.close();
                        return null;
                    } catch (AssertionError e) {
                        if (probe.isClosed()) {
                            return probe.awaitClosed();
                        }
                        throw e;
                    }
                }, () -> "\n  answers: " + attempts + componentReport());
        assertEquals("close code for a message over max_message_size: " + tooBig, 1009, tooBig.code());

        // Connections opened before the update keep the value they started with (README: live updates), and the
        // joined session stays connected and working.
        long publication = before.publishAcknowledged(TOPIC, Map.of(), List.of(big), null);
        List<Object> event = steady.awaitEvent(sub);
        assertEquals(publication, id(event, 2));
        assertEquals(List.of(big), opt(event, 4, null));
        assertSteady(steady, sub, "after max_message_size update");
    }

    @Test
    public void anInvalidUpdateIsRefusedAndTheListenerKeepsServing() {
        createRealm(REALM);
        int port = freePort();
        Configuration transport = createFactoryConfiguration(TRANSPORT_PID, uniqueName("invalid"),
                transportProperties(port));
        waitForPortOpen(port);
        awaitJoinable(port, REALM);
        WampTestClient steady = join("steady", port, WampCodec.MSGPACK, REALM);
        long sub = steady.subscribe(TOPIC);

        // Refused as a whole: the allowed_origins of the same update must not apply either.
        Map<String, Object> invalid = transportProperties(port);
        invalid.put("options.auto_ping_size", 5);
        invalid.put("options.allowed_origins", GOOD);
        updateConfiguration(transport, invalid);
        awaitComponentProperty(transport.getPid(), "options.auto_ping_size", 5);

        waitForPortOpen(port);
        assertEquals("a refused update leaves the previous allowed_origins (*) in force", 101,
                upgrade(port, WampCodec.JSON.subprotocol, EVIL).status());
        assertSteady(steady, sub, "after a refused update");
        WampTestClient fresh = join("fresh", port, WampCodec.JSON, REALM);
        long publication = fresh.publishAcknowledged(TOPIC, Map.of(), List.of("fresh"), null);
        assertEquals(publication, id(steady.awaitEvent(sub), 2));

        // Fixed, the update applies in place.
        Map<String, Object> fixed = transportProperties(port);
        fixed.put("options.auto_ping_size", 16);
        fixed.put("options.allowed_origins", GOOD);
        updateConfiguration(transport, fixed);
        awaitUpgradeStatus(port, WampCodec.JSON.subprotocol, EVIL, 403);
        assertSteady(steady, sub, "after the corrected update");
    }

    @Test
    public void realmUriCheckLooseAppliesToNewSessions() {
        Configuration realm = createRealm(REALM);
        int port = startTransport();
        awaitJoinable(port, REALM);
        WampTestClient steady = join("steady", port, WampCodec.JSON, REALM);
        long sub = steady.subscribe(TOPIC);

        WampTestClient strict = join("strict", port, WampCodec.JSON, REALM);
        long request = strict.nextRequestId();
        strict.send(REGISTER, request, Map.of(), "com.Example.Upper");
        List<Object> refused = strict.awaitAnswer(request, REGISTER, REGISTERED);
        assertEquals("REGISTER com.Example.Upper under uri_check strict: " + WampCodec.show(refused),
                "wamp.error.invalid_uri", opt(refused, 4, null));

        Map<String, Object> loose = new LinkedHashMap<>();
        loose.put("name", REALM);
        loose.put("uri_check", "loose");
        updateConfiguration(realm, loose);

        List<String> attempts = new ArrayList<>();
        long[] registered = new long[1];
        WampTestClient callee = waitFor("a new session to register com.Example.Upper under uri_check loose", TIMEOUT,
                () -> {
                    WampTestClient c = join("callee", port, WampCodec.MSGPACK, REALM);
                    long r = c.nextRequestId();
                    c.send(REGISTER, r, Map.of(), "com.Example.Upper");
                    List<Object> answer = c.awaitAnswer(r, REGISTER, REGISTERED);
                    if (type(answer) == REGISTERED) {
                        registered[0] = id(answer, 2);
                        return c;
                    }
                    attempts.add(WampCodec.show(answer));
                    c.close();
                    return null;
                }, () -> "\n  answers: " + attempts + componentReport());

        WampTestClient caller = join("caller", port, WampCodec.JSON, REALM);
        long call = caller.call("com.Example.Upper", List.of("abc"), null);
        List<Object> invocation = callee.awaitInvocation(registered[0]);
        assertEquals(List.of("abc"), opt(invocation, 4, null));
        callee.yield(id(invocation, 1), List.of("ABC"), null);
        List<Object> result = caller.awaitCallAnswer(call);
        assertMessage("CALL com.Example.Upper", result, RESULT);
        assertEquals(List.of("ABC"), opt(result, 3, null));

        // The realm update disturbed no joined session.
        assertFalse("the strict-era session must stay connected: " + strict.transcript(), strict.isClosed());
        assertSteady(steady, sub, "after the realm update");
    }

    @Test
    public void serializersUpdateAppliesToNewHandshakesAndKeepsOpenSessions() {
        createRealm(REALM);
        int port = freePort();
        Configuration transport = createFactoryConfiguration(TRANSPORT_PID, uniqueName("ser"),
                transportProperties(port));
        waitForPortOpen(port);
        awaitJoinable(port, REALM);
        WampTestClient msgpack = join("msgpack", port, WampCodec.MSGPACK, REALM);
        long sub = msgpack.subscribe(TOPIC);

        Map<String, Object> jsonOnly = transportProperties(port);
        jsonOnly.put("serializers", "json");
        updateConfiguration(transport, jsonOnly);

        UpgradeAnswer refused = awaitUpgradeStatus(port, WampCodec.MSGPACK.subprotocol, null, 400);
        assertFalse("the 400 must not offer msgpack any more: " + refused, refused.body().contains("msgpack"));
        // The MsgPack session opened before keeps its serializer and its connection (README: live updates).
        assertSteady(msgpack, sub, "after serializers = json");
        WampTestClient json = join("json", port, WampCodec.JSON, REALM);
        long publication = json.publishAcknowledged(TOPIC, Map.of(), List.of("from json"), null);
        assertEquals(publication, id(msgpack.awaitEvent(sub), 2));
    }

    @Test
    public void movingTheEndpointWindsItsSessionsDownAndOpensTheNewPort() {
        createRealm(REALM);
        int oldPort = freePort();
        Configuration transport = createFactoryConfiguration(TRANSPORT_PID, uniqueName("move"),
                transportProperties(oldPort));
        waitForPortOpen(oldPort);
        awaitJoinable(oldPort, REALM);
        int otherPort = startTransport();
        awaitJoinable(otherPort, REALM);
        WampTestClient moving = join("moving", oldPort, WampCodec.JSON, REALM);
        WampTestClient staying = join("staying", otherPort, WampCodec.MSGPACK, REALM);
        long sub = staying.subscribe(TOPIC);

        int newPort = freePort();
        updateConfiguration(transport, transportProperties(newPort));

        List<Object> goodbye = moving.awaitType(WampTestClient.GOODBYE);
        assertEquals("GOODBYE reason when the endpoint moves: " + WampCodec.show(goodbye),
                "wamp.close.system_shutdown", goodbye.get(2));
        assertTrue("close frame, not a drop", moving.awaitClosed().code() > 0);
        waitForPortOpen(newPort);
        waitForPortClosed(oldPort);
        awaitJoinable(newPort, REALM);
        WampTestClient moved = join("moved", newPort, WampCodec.JSON, REALM);
        long publication = moved.publishAcknowledged(TOPIC, Map.of(), List.of("moved"), null);
        assertEquals(publication, id(staying.awaitEvent(sub), 2));
        assertSteady(staying, sub, "after the other transport moved");
    }

    @Test
    public void fixingARefusedConfigurationBringsTheListenerUp() throws Exception {
        createRealm(REALM);
        int steadyPort = startTransport();
        awaitJoinable(steadyPort, REALM);
        WampTestClient steady = join("steady", steadyPort, WampCodec.JSON, REALM);
        long sub = steady.subscribe(TOPIC);

        // Refused twice: a bad value, then a port in use.
        int port = freePort();
        Map<String, Object> bad = transportProperties(port);
        bad.put("options.auto_ping_size", 5);
        Configuration c = createFactoryConfiguration(TRANSPORT_PID, uniqueName("fixme"), bad);
        awaitComponentProperty(c.getPid(), "options.auto_ping_size", 5);
        assertFalse("a refused configuration opens no port", acceptsConnections(port));

        try (java.net.ServerSocket occupied = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Map<String, Object> inUse = transportProperties(occupied.getLocalPort());
            inUse.put("options.auto_ping_size", 16);
            updateConfiguration(c, inUse);
            awaitComponentProperty(c.getPid(), "options.auto_ping_size", 16);
            Map<String, Object> fixed = transportProperties(port);
            fixed.put("options.auto_ping_size", 20);
            updateConfiguration(c, fixed);
            waitForPortOpen(port);
        }
        awaitJoinable(port, REALM);
        WampTestClient fresh = join("fresh", port, WampCodec.MSGPACK, REALM);
        long publication = fresh.publishAcknowledged(TOPIC, Map.of(), List.of("fixed"), null);
        assertEquals(publication, id(steady.awaitEvent(sub), 2));
        assertSteady(steady, sub, "after the other configuration was refused and fixed");
    }

    /** {@code steady} is still connected and routed: it publishes (acknowledged, not excluded) and gets the EVENT. */
    private static void assertSteady(WampTestClient steady, long subscription, String when) {
        assertFalse(steady + " must stay connected " + when + ": " + steady.transcript(), steady.isClosed());
        long publication = steady.publishAcknowledged(TOPIC, Map.of("exclude_me", false), List.of(when), null);
        List<Object> event = steady.awaitEvent(subscription);
        assertEquals(publication, id(event, 2));
        assertEquals(List.of(when), opt(event, 4, null));
    }

    /** Waits until SCR has handed configuration {@code pid}'s component the property {@code key=value}. */
    private void awaitComponentProperty(String pid, String key, Object value) {
        waitFor("the component of " + pid + " to receive " + key + "=" + value, TIMEOUT, () -> {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (pid.equals(c.properties.get(Constants.SERVICE_PID)) && value.equals(c.properties.get(key))) {
                        return Boolean.TRUE;
                    }
                }
            }
            return null;
        }, this::componentReport);
    }
}
