package dev.junction.itests;

import static dev.junction.itests.WampTestClient.GOODBYE;
import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.Configuration;

/**
 * Issue 3 item 2: the WebSocket transport bundle and the router bundle are stopped and started under connected
 * clients. Stopping the transport closes its listeners and leaves the router (same bundle, same service) and its
 * realms alone; starting it reopens the listeners of the configurations that exist. Stopping the router closes every
 * session with GOODBYE {@code wamp.close.system_shutdown}; started again, the transport serves without its own
 * bundle having been restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportBundleIT extends AbstractRouterIT {
    private static final String PROC = "com.example.add2";
    private static final String TOPIC = "com.example.bundles";

    /** Bundle events seen during the test, as "symbolicName TYPE". */
    private final List<String> bundleEvents = new CopyOnWriteArrayList<>();
    private final SynchronousBundleListener listener = e -> bundleEvents
            .add(e.getBundle().getSymbolicName() + " " + eventName(e.getType()));

    @Before
    public void listen() {
        bundleContext.addBundleListener(listener);
    }

    @After
    public void restoreBundles() {
        bundleContext.removeBundleListener(listener);
        ensureStarted(ROUTER_BSN);
        ensureStarted(TRANSPORT_BSN);
    }

    @Test
    public void stoppingAndStartingTheTransportBundleClosesAndReopensItsListenersOnly() {
        Configuration realm = createRealm(REALM);
        int portA = startTransport();
        int portB = freePort();
        Configuration configB = createTransport(portB);
        int portGone = freePort();
        Configuration configGone = createTransport(portGone);
        waitForPortOpen(portB);
        waitForPortOpen(portGone);
        awaitJoinable(portA, REALM);
        awaitJoinable(portB, REALM);
        WampTestClient onA = join("onA", portA, WampCodec.JSON, REALM);
        WampTestClient onB = join("onB", portB, WampCodec.MSGPACK, REALM);

        Bundle router = installedBundle(ROUTER_BSN);
        long routerId = router.getBundleId();
        List<Long> routerServices = serviceIds(ROUTER_SERVICE);
        assertEquals("one WampRouter service", 1, routerServices.size());
        Bundle transport = installedBundle(TRANSPORT_BSN);

        stopBundle(transport);
        exchange.note("test", "stopped " + TRANSPORT_BSN);

        for (WampTestClient c : List.of(onA, onB)) {
            List<Object> goodbye = c.awaitType(GOODBYE);
            assertEquals(c + " GOODBYE reason when the transport bundle stops: " + WampCodec.show(goodbye),
                    "wamp.close.system_shutdown", goodbye.get(2));
            WampTestClient.Closed closed = c.awaitClosed();
            assertTrue(c + " must get a close frame, not a drop: " + closed, closed.code() > 0);
        }
        waitForPortClosed(portA);
        waitForPortClosed(portB);

        // The router is untouched: same bundle, ACTIVE, never stopped, same service registration, realm still there.
        assertEquals(routerId, installedBundle(ROUTER_BSN).getBundleId());
        assertEquals("router bundle state", Bundle.ACTIVE, router.getState());
        assertEquals("the WampRouter service must be the same registration", routerServices,
                serviceIds(ROUTER_SERVICE));
        assertEquals("realm configuration component", org.osgi.service.component.runtime.dto
                .ComponentConfigurationDTO.ACTIVE, awaitComponentSettled(realm.getPid()));

        waitForPortClosed(portGone);
        // While the bundle is stopped: one configuration is deleted, one is created.
        deleteConfiguration(configGone);
        int portC = freePort();
        createTransport(portC);

        startBundle(transport);
        exchange.note("test", "started " + TRANSPORT_BSN);

        // The listeners of the configurations that exist now come up, and the realm is joinable through them.
        waitForPortOpen(portA);
        waitForPortOpen(portB);
        waitForPortOpen(portC);
        awaitJoinable(portC, REALM);
        assertTrue("the configuration deleted while the bundle was stopped must not come back",
                !acceptsConnections(portGone));
        assertEquals(configB.getPid() + " component", org.osgi.service.component.runtime.dto
                .ComponentConfigurationDTO.ACTIVE, awaitComponentSettled(configB.getPid()));
        awaitJoinable(portA, REALM);
        awaitJoinable(portB, REALM);
        WampTestClient callee = join("callee", portA, WampCodec.JSON, REALM);
        WampTestClient caller = join("caller", portB, WampCodec.MSGPACK, REALM);
        roundTrip(caller, callee);

        assertEquals(routerId, installedBundle(ROUTER_BSN).getBundleId());
        assertEquals("the WampRouter service must still be the same registration", routerServices,
                serviceIds(ROUTER_SERVICE));
        assertTrue("the router bundle must see no bundle event: " + bundleEvents,
                bundleEvents.stream().noneMatch(e -> e.startsWith(ROUTER_BSN + " ")));
    }

    @Test
    public void stoppingTheRouterBundleSaysGoodbyeAndTheTransportServesAgainWhenItReturns() {
        createRealm(REALM);
        int port = startTransport();
        awaitJoinable(port, REALM);
        WampTestClient json = join("json", port, WampCodec.JSON, REALM);
        WampTestClient msgpack = join("msgpack", port, WampCodec.MSGPACK, REALM);
        long registration = json.register(PROC);
        long subscription = json.subscribe(TOPIC);
        long publication = msgpack.publishAcknowledged(TOPIC, Map.of(), List.of("before"), null);
        assertEquals(publication, id(json.awaitEvent(subscription), 2));
        long call = msgpack.call(PROC, List.of(1L, 2L), null);
        json.yield(id(json.awaitInvocation(registration), 1), List.of(3L), null);
        assertEquals(List.of(3L), opt(msgpack.awaitCallAnswer(call), 3, null));

        Bundle transport = installedBundle(TRANSPORT_BSN);
        long transportId = transport.getBundleId();
        Bundle router = installedBundle(ROUTER_BSN);

        stopBundle(router);
        exchange.note("test", "stopped " + ROUTER_BSN);

        for (WampTestClient c : List.of(json, msgpack)) {
            List<Object> goodbye = c.awaitType(GOODBYE);
            WampTestClient.dict(goodbye, 1);
            assertEquals(c + " GOODBYE reason when the router stops: " + WampCodec.show(goodbye),
                    "wamp.close.system_shutdown", goodbye.get(2));
            WampTestClient.Closed closed = c.awaitClosed();
            assertTrue(c + " must get a close frame, not a drop: " + closed, closed.code() > 0);
        }
        assertEquals("no WampRouter service while the router bundle is stopped", 0, serviceCount(ROUTER_SERVICE));

        startBundle(router);
        exchange.note("test", "started " + ROUTER_BSN);

        // The transport serves again by itself: a new client joins and calls.
        awaitJoinable(port, REALM);
        WampTestClient callee = join("callee", port, WampCodec.JSON, REALM);
        WampTestClient caller = join("caller", port, WampCodec.MSGPACK, REALM);
        roundTrip(caller, callee);

        assertEquals("transport bundle state", Bundle.ACTIVE, transport.getState());
        assertEquals(transportId, installedBundle(TRANSPORT_BSN).getBundleId());
        assertTrue("the transport bundle must not have been restarted: " + bundleEvents,
                bundleEvents.stream().noneMatch(e -> e.startsWith(TRANSPORT_BSN + " ")));
    }

    @Test
    public void aCallInFlightWhenTheRouterStopsIsStillAnswered() throws Exception {
        createRealm(REALM);
        int port = startTransport();
        awaitJoinable(port, REALM);
        WampTestClient callee = join("callee", port, WampCodec.MSGPACK, REALM);
        WampTestClient caller = join("caller", port, WampCodec.JSON, REALM);
        long registration = callee.register(PROC);
        long inFlight = caller.call(PROC, List.of(1L, 2L), null);
        List<Object> invocation = callee.awaitInvocation(registration);

        Bundle router = installedBundle(ROUTER_BSN);
        java.util.concurrent.atomic.AtomicReference<Throwable> stopFailure = new java.util.concurrent.atomic
                .AtomicReference<>();
        Thread stopper = new Thread(() -> {
            try {
                router.stop();
            } catch (Throwable t) {
                stopFailure.set(t);
            }
        }, "itest-stop-router");
        stopper.start();
        exchange.note("test", "stopping " + ROUTER_BSN + " (in the background)");
        try {
            // The caller's session is draining once a new CALL is refused with wamp.error.unavailable (before the
            // stop, a CALL to an unknown procedure gets no_such_procedure).
            List<String> answers = new java.util.ArrayList<>();
            waitFor("a new CALL to be refused with wamp.error.unavailable while the router drains", TIMEOUT, () -> {
                long probe = caller.call("com.example.nothing_here", List.of(), null);
                List<Object> answer = caller.awaitCallAnswer(probe);
                answers.add(String.valueOf(opt(answer, 4, null)));
                return "wamp.error.unavailable".equals(opt(answer, 4, null)) ? Boolean.TRUE : null;
            }, () -> "\n  answers: " + answers);

            // The callee answers during the drain: the caller gets that RESULT, then both get GOODBYE.
            callee.yield(id(invocation, 1), List.of(3L), null);
            List<Object> result = caller.awaitCallAnswer(inFlight);
            assertMessage("answer to the CALL in flight when the router stopped", result, RESULT);
            assertEquals(List.of(3L), opt(result, 3, null));
            for (WampTestClient c : List.of(caller, callee)) {
                List<Object> goodbye = c.awaitType(GOODBYE);
                assertEquals(c + " GOODBYE reason: " + WampCodec.show(goodbye), "wamp.close.system_shutdown",
                        goodbye.get(2));
                c.awaitClosed();
            }
        } finally {
            stopper.join(TIMEOUT.toMillis() * 2);
        }
        assertEquals("Bundle.stop of the router failed: " + stopFailure.get(), null, stopFailure.get());
        assertEquals("router bundle state after stop", Bundle.RESOLVED, router.getState());

        startBundle(router);
        awaitJoinable(port, REALM);
        roundTrip(join("caller2", port, WampCodec.JSON, REALM), join("callee2", port, WampCodec.MSGPACK, REALM));
    }

    /** {@code callee} registers {@link #PROC}; {@code caller} calls it; the RESULT comes back. */
    private static void roundTrip(WampTestClient caller, WampTestClient callee) {
        long registration = callee.register(PROC);
        long call = caller.call(PROC, List.of(20L, 22L), null);
        List<Object> invocation = callee.awaitInvocation(registration);
        assertEquals(List.of(20L, 22L), opt(invocation, 4, null));
        callee.yield(id(invocation, 1), List.of(42L), null);
        List<Object> result = caller.awaitCallAnswer(call);
        assertMessage("answer to CALL " + PROC, result, RESULT);
        assertEquals(List.of(42L), opt(result, 3, null));
    }

    private static String eventName(int type) {
        return switch (type) {
        case BundleEvent.INSTALLED -> "INSTALLED";
        case BundleEvent.STARTED -> "STARTED";
        case BundleEvent.STOPPED -> "STOPPED";
        case BundleEvent.UPDATED -> "UPDATED";
        case BundleEvent.UNINSTALLED -> "UNINSTALLED";
        case BundleEvent.RESOLVED -> "RESOLVED";
        case BundleEvent.UNRESOLVED -> "UNRESOLVED";
        case BundleEvent.STARTING -> "STARTING";
        case BundleEvent.STOPPING -> "STOPPING";
        default -> "event " + type;
        };
    }
}
