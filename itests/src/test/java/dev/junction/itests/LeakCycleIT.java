package dev.junction.itests;

import static dev.junction.itests.WampTestClient.GOODBYE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;

/**
 * Issue 3 item 5 (at 20 cycles each, to keep the suite short): creating and deleting a transport configuration and
 * stopping and starting the MsgPack serializer bundle, each with a client connected, under a steady JSON load on
 * another transport, leave no threads ({@code junction-ws-*}), file descriptors, sockets or service registrations
 * behind; the load loses nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LeakCycleIT extends AbstractRouterIT {
    private static final int CYCLES = 50; // as the live-modularity issue asks
    private static final String LOAD_TOPIC = "com.example.leak_load";
    private static final String LOAD_PROC = "com.example.leak_echo";
    private static final String CYCLE_TOPIC = "com.example.leak_cycle";
    /** Thread-name prefix of the cycled transports (their id is the configuration's instance name). */
    private static final String CYCLED_PREFIX = "junction-ws-leak";
    /** Slack for descriptors the JDK or Jetty open lazily and keep (selector pipes, jar files). */
    private static final int FD_TOLERANCE = 2;
    /** The listening ports of the cycled transports: a socket with one of them as local port is the router's. */
    private final java.util.Set<Integer> cycledPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int THREAD_TOLERANCE = 4;

    @After
    public void restartSerializer() {
        ensureStarted(MSGPACK_BSN);
    }

    @Test
    public void createDeleteAndStopStartCyclesLeaveNothingBehind() {
        createRealm(REALM);
        int port = startTransport();
        awaitJoinable(port, REALM);

        WampTestClient loadPublisher = join("loadPublisher", port, WampCodec.JSON, REALM);
        WampTestClient loadSubscriber = join("loadSubscriber", port, WampCodec.JSON, REALM);
        WampTestClient loadCaller = join("loadCaller", port, WampCodec.JSON, REALM);
        WampTestClient loadCallee = join("loadCallee", port, WampCodec.JSON, REALM);
        long loadSub = loadSubscriber.subscribe(LOAD_TOPIC);
        long loadReg = loadCallee.register(LOAD_PROC);
        WampTestClient subscriber = join("cycleSubscriber", port, WampCodec.JSON, REALM);
        long cycleSub = subscriber.subscribe(CYCLE_TOPIC);

        Traffic traffic = new Traffic("leak", loadPublisher, LOAD_TOPIC, loadCaller, loadCallee, loadReg, LOAD_PROC)
                .start();
        Snapshot baseline;
        try {
            traffic.awaitMore(3, TIMEOUT);
            // Warm up once each: the JDK client, Jetty and the OSGi framework create some things once and keep them.
            transportCycle(-1, subscriber, cycleSub);
            serializerCycle(-1, port);
            awaitNoCycledThreads();
            System.gc(); // as for the end snapshot below
            baseline = snapshot();
            exchange.note("test", "baseline " + baseline);

            for (int i = 0; i < CYCLES; i++) {
                transportCycle(i, subscriber, cycleSub);
            }
            for (int i = 0; i < CYCLES; i++) {
                serializerCycle(i, port);
            }
            traffic.awaitMore(3, TIMEOUT);
        } finally {
            traffic.close();
        }
        traffic.stop();
        traffic.verifyNothingLost(loadSubscriber, loadSub);
        assertFalse("the load sessions stay connected", loadSubscriber.isClosed() || loadCallee.isClosed());

        awaitNoCycledThreads();
        Snapshot end = waitFor("threads, descriptors and services back to the baseline " + baseline, TIMEOUT, () -> {
            // The test's own JDK WebSocket clients (java.net.http.HttpClient has no close() on Java 17) give back
            // their selector and socket only when collected; count what the router holds, not what awaits the GC.
            System.gc();
            Snapshot now = snapshot();
            return now.within(baseline) ? now : null;
        }, () -> "\n  now: " + snapshot() + "\n  threads: " + threadsByPrefix() + "\n  sockets: " + socketReport()
                + componentReport());
        exchange.note("test", "end " + end);
        System.out.println("LeakCycleIT: baseline " + baseline + ", after " + CYCLES + "+" + CYCLES + " cycles " + end);
        assertEquals("Serializer services", baseline.serializers, end.serializers);
        assertEquals("WampRouter services", baseline.routers, end.routers);
    }

    /** Creates a transport, joins a client that publishes, deletes the transport, waits until all of it is gone. */
    private void transportCycle(int i, WampTestClient subscriber, long subscription) {
        int port = freePort();
        cycledPorts.add(port);
        Configuration c = createFactoryConfiguration(TRANSPORT_PID, uniqueName("leak"), transportProperties(port));
        String pid = c.getPid();
        waitForPortOpen(port);
        WampTestClient client = awaitHandshake("cycle" + i, port, i % 2 == 0 ? WampCodec.JSON : WampCodec.MSGPACK);
        client.hello(REALM);
        long publication = client.publishAcknowledged(CYCLE_TOPIC, Map.of(), List.of(i), null);
        assertEquals(publication, WampTestClient.id(subscriber.awaitEvent(subscription), 2));

        deleteConfiguration(c);
        List<Object> goodbye = client.awaitType(GOODBYE);
        assertEquals("wamp.close.system_shutdown", goodbye.get(2));
        client.awaitClosed();
        waitForPortClosed(port);
        awaitNoComponentFor(pid);
    }

    /** Joins a MsgPack client, stops the serializer (the client is closed), starts it, and handshakes MsgPack again. */
    private void serializerCycle(int i, int port) {
        WampTestClient client = join("msgpack" + i, port, WampCodec.MSGPACK, REALM);
        Bundle serializer = installedBundle(MSGPACK_BSN);
        stopBundle(serializer);
        client.awaitClosed();
        startBundle(serializer);
        WampTestClient again = awaitHandshake("msgpackAgain" + i, port, WampCodec.MSGPACK);
        again.hello(REALM);
        again.goodbye();
        again.close();
    }

    private void awaitNoCycledThreads() {
        waitFor("no thread named " + CYCLED_PREFIX + "*", TIMEOUT,
                () -> threadNames().stream().noneMatch(n -> n.startsWith(CYCLED_PREFIX)) ? Boolean.TRUE : null,
                () -> "\n  threads: " + threadNames().stream().filter(n -> n.startsWith("junction-ws-"))
                        .collect(Collectors.toList()));
    }

    /** What is measured. */
    private record Snapshot(int wsThreads, int fds, int sockets, int serializers, int routers) {
        boolean within(Snapshot baseline) {
            return wsThreads <= baseline.wsThreads + THREAD_TOLERANCE && fds <= baseline.fds + FD_TOLERANCE
                    && sockets <= baseline.sockets + FD_TOLERANCE && serializers == baseline.serializers
                    && routers == baseline.routers;
        }
    }

    private Snapshot snapshot() {
        int ws = (int) threadNames().stream().filter(n -> n.startsWith("junction-ws-")).count();
        int fds = 0;
        int sockets = 0;
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                fds++;
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Snapshot(ws, fds, sockets, serviceCount(SERIALIZER_SERVICE), serviceCount(ROUTER_SERVICE));
    }

    /** This JVM's TCP sockets as local port -> remote port and state, from /proc/net/tcp{,6} (for failures). */
    private String socketReport() {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    String link = Files.readSymbolicLink(p).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
            List<String> out = new java.util.ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : Files.readAllLines(Paths.get(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && inodes.contains(f[9])) {
                        int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                        out.add((cycledPorts.contains(local) ? "router " : "") + local + "->"
                                + Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16) + " st" + f[3]);
                    }
                }
            }
            return out.toString();
        } catch (IOException e) {
            return "unavailable: " + e;
        }
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toList());
    }

    /** Thread counts by name with digits removed, for the failure message. */
    private static Map<String, Long> threadsByPrefix() {
        return new TreeMap<>(threadNames().stream().map(n -> n.replaceAll("\\d+", "#"))
                .collect(Collectors.groupingBy(n -> n, Collectors.counting())));
    }
}
