package dev.junction.itests;

import static dev.junction.itests.WampTestClient.GOODBYE;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

import dev.junction.spi.transport.ListeningTransport;
import dev.junction.spi.transport.TransportStatus;

/**
 * Lifecycle of {@code dev.junction.transport.websocket} factory configurations (house style 21): delete closes the
 * port and only that port, update moves the listener, an invalid configuration opens nothing and disturbs nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportConfigIT extends AbstractRouterIT {
    private static final String TOPIC = "com.example.heartbeat";

    @Before
    public void realm() {
        createRealm(REALM);
    }

    @Test
    public void deletingATransportClosesItsPortAndLeavesTheOtherRunning() {
        int portA = freePort();
        int portB = freePort();
        Configuration a = createTransport(portA);
        createTransport(portB);
        waitForPortOpen(portA);
        waitForPortOpen(portB);
        awaitJoinable(portA, REALM);
        awaitJoinable(portB, REALM);

        WampTestClient onA = join("onA", portA, WampCodec.JSON, REALM);
        WampTestClient onB = join("onB", portB, WampCodec.MSGPACK, REALM);
        long subscription = onB.subscribe(TOPIC);

        deleteConfiguration(a);

        // The session on A is wound down the WAMP way (SessionHandle.shutdown), then its connection closes.
        List<Object> goodbye = onA.awaitType(GOODBYE);
        assertEquals("GOODBYE reason for a session whose transport is removed: " + WampCodec.show(goodbye),
                "wamp.close.system_shutdown", goodbye.get(2));
        onA.awaitClosed();
        waitForPortClosed(portA);
        Throwable refused = WampTestClient.connectFailure(wsUri(portA), WampCodec.JSON, TIMEOUT);
        assertNotNull("a new connection to the deleted transport's port must fail", refused);
        assertTrue("expected connection refused, was " + refused, hasCause(refused, ConnectException.class));

        // B and its session are untouched: still joined, still routed to, and B still takes new sessions.
        assertFalse("the session on B must stay connected: " + onB.transcript(), onB.isClosed());
        long publication = onB.publishAcknowledged(TOPIC, Map.of("exclude_me", false), List.of("still here"), null);
        List<Object> event = onB.awaitEvent(subscription);
        assertEquals(publication, id(event, 2));
        assertEquals(List.of("still here"), opt(event, 4, null));
        join("newOnB", portB, WampCodec.JSON, REALM);
    }

    @Test
    public void updatingThePortMovesTheListener() {
        int oldPort = freePort();
        Configuration transport = createTransport(oldPort);
        waitForPortOpen(oldPort);
        awaitJoinable(oldPort, REALM);

        int newPort = freePort();
        updateConfiguration(transport, transportProperties(newPort));

        waitForPortOpen(newPort);
        waitForPortClosed(oldPort);
        awaitJoinable(newPort, REALM);
        WampTestClient client = join("moved", newPort, WampCodec.MSGPACK, REALM);
        long subscription = client.subscribe(TOPIC);
        long publication = client.publishAcknowledged(TOPIC, Map.of("exclude_me", false), List.of(), null);
        assertEquals(publication, id(client.awaitEvent(subscription), 2));
    }

    @Test
    public void anInvalidConfigurationOpensNoPortAndDisturbsNothing() {
        int steadyPort = startTransport();
        awaitJoinable(steadyPort, REALM);
        WampTestClient steady = join("steady", steadyPort, WampCodec.JSON, REALM);
        long subscription = steady.subscribe(TOPIC);

        // A port out of range, and an option out of range (Crossbar: auto_ping_size 12..125) on a free port.
        Map<String, Object> badPort = transportProperties(70000);
        Configuration badPortConfig = createFactoryConfiguration(TRANSPORT_PID, uniqueName("badport"), badPort);
        int pingPort = freePort();
        Map<String, Object> badPing = transportProperties(pingPort);
        badPing.put("options.auto_ping_size", 5);
        Configuration badPingConfig = createFactoryConfiguration(TRANSPORT_PID, uniqueName("badping"), badPing);

        // Positive control, created after both: a valid transport comes up, so the invalid ones have been processed.
        awaitComponentSettled(badPortConfig.getPid());
        awaitComponentSettled(badPingConfig.getPid());
        int laterPort = freePort();
        Configuration later = createTransport(laterPort);
        waitForPortOpen(laterPort);
        awaitJoinable(laterPort, REALM);

        assertFalse("options.auto_ping_size=5 must not open port " + pingPort + componentReport(),
                acceptsConnections(pingPort));
        // The running transport and its joined session are undisturbed.
        assertFalse("the steady session must stay connected: " + steady.transcript(), steady.isClosed());
        long publication = steady.publishAcknowledged(TOPIC, Map.of("exclude_me", false), List.of("ok"), null);
        assertEquals(publication, id(steady.awaitEvent(subscription), 2));
        join("newOnSteady", steadyPort, WampCodec.MSGPACK, REALM);

        // The refusal is visible as a status service naming the key and what is allowed.
        TransportStatus failed = transportStatus(badPingConfig.getPid());
        assertEquals(TransportStatus.State.FAILED, failed.state());
        assertTrue(failed.error(), failed.error().contains("options.auto_ping_size=5, allowed 12..125"));
        assertEquals(TransportStatus.State.RUNNING, transportStatus(later.getPid()).state());
    }

    /** The status a transport instance publishes as its {@link ListeningTransport} service. */
    private TransportStatus transportStatus(String pid) {
        try {
            Collection<ServiceReference<ListeningTransport>> refs = bundleContext.getServiceReferences(
                    ListeningTransport.class, "(service.pid=" + pid + ")");
            assertEquals("one ListeningTransport service for " + pid, 1, refs.size());
            ServiceReference<ListeningTransport> ref = refs.iterator().next();
            try {
                return bundleContext.getService(ref).status();
            } finally {
                bundleContext.ungetService(ref);
            }
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
