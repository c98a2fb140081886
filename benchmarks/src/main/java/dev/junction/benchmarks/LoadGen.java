package dev.junction.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The load generator: closed-loop WAMP sessions over Jetty's WebSocket client against Junction and, for the floor,
 * the same client against {@link EchoServer}. Runs every scenario, prints one table (router figure, floor figure,
 * ratio, generator CPU beside each), writes CSV and PNG charts, exits 1 if anything failed or lost a message.
 *
 * <pre>
 * LoadGen --router ws://127.0.0.1:P/ws --router-pid PID --echo ws://127.0.0.1:Q/ --echo-pid PID2
 *         [--warmup 3] [--measure 10] [--sessions 10000] [--subscribers-large 1000] [--window 16] [--realm realm1]
 *         [--open-rate 4000] [--only echo,rpc,open,pubsub,sessions] [--out benchmarks/target/results]
 * </pre>
 */
public final class LoadGen {

    private static final String PROC = "bench.echo";
    private static final String TOPIC = "bench.topic";

    private final Map<String, String> opts;
    private final URI router;
    /** A second node of the same cluster ({@code --router-b}), for the cross-node scenarios; null without. */
    private final URI routerB;
    private final long routerBPid;
    private final URI echo;
    private final long routerPid;
    private final long echoPid;
    private final double warmup;
    private final double measure;
    private final int sessions;
    private final int largeFanout;
    private final int openRate;
    private final String realm;
    private final Path out;
    private final List<Result> results = new ArrayList<>();
    private WebSocketClient client;

    /** One measured figure. Latencies in microseconds (NaN if not measured); CPU in % of one core. */
    record Result(String group, String name, String target, double value, String unit, double p50, double p99,
            double p999, double genCpu, double srvCpu, long lost, String status, String floorKey, String serverGc) {

        /** Server GC over the interval the last {@link Cpu} of this thread measured; only the first result after it. */
        Result(String group, String name, String target, double value, String unit, double p50, double p99,
                double p999, double genCpu, double srvCpu, long lost, String status, String floorKey) {
            this(group, name, target, value, unit, p50, p99, p999, genCpu, srvCpu, lost, status, floorKey,
                    Cpu.takeGc());
        }
    }

    private LoadGen(Map<String, String> opts) {
        this.opts = opts;
        router = URI.create(opts.getOrDefault("router", "ws://127.0.0.1:8080/ws"));
        echo = opts.containsKey("echo") ? URI.create(opts.get("echo")) : null;
        routerPid = Long.parseLong(opts.getOrDefault("router-pid", "-1"));
        routerB = opts.containsKey("router-b") ? URI.create(opts.get("router-b")) : null;
        routerBPid = Long.parseLong(opts.getOrDefault("router-b-pid", "-1"));
        echoPid = Long.parseLong(opts.getOrDefault("echo-pid", "-1"));
        warmup = Double.parseDouble(opts.getOrDefault("warmup", "3"));
        measure = Double.parseDouble(opts.getOrDefault("measure", "10"));
        sessions = Integer.parseInt(opts.getOrDefault("sessions", "10000"));
        largeFanout = Integer.parseInt(opts.getOrDefault("subscribers-large", "1000"));
        openRate = Integer.parseInt(opts.getOrDefault("open-rate", "4000"));
        realm = opts.getOrDefault("realm", "realm1");
        out = Path.of(opts.getOrDefault("out", "benchmarks/target/results"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: LoadGen --router URL --router-pid PID --echo URL --echo-pid PID [--warmup s]"
                        + " [--measure s] [--sessions N] [--subscribers-large N] [--window N] [--open-rate N] [--only echo,rpc,open,pubsub,sessions]"
                        + " [--out DIR]");
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        int rc = new LoadGen(opts).run();
        System.exit(rc);
    }

    private boolean enabled(String group) {
        String only = opts.get("only");
        return only == null || List.of(only.split(",")).contains(group);
    }

    private int run() throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("loadgen");
        HttpClient http = new HttpClient();
        http.setExecutor(pool);
        http.setMaxConnectionsPerDestination(1024);
        http.setMaxRequestsQueuedPerDestination(100_000);
        http.setConnectTimeout(30_000);
        client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ZERO);
        client.setMaxTextMessageSize(64L << 20);
        client.setMaxBinaryMessageSize(64L << 20);
        client.setMaxFrameSize(0);
        client.setConnectTimeout(30_000);
        client.start();
        Files.createDirectories(out);
        log("generator pid " + ProcessHandle.current().pid() + ", router " + router + " (pid " + routerPid + "), echo "
                + echo + " (pid " + echoPid + "), warm-up " + warmup + " s, measure " + measure + " s");
        try {
            if (echo != null && enabled("echo")) {
                warmUp(echo, echoPid, true);
                for (int size : new int[] {32, 65536}) {
                    for (String ser : new String[] {"json", "msgpack"}) {
                        for (int n : new int[] {1, 16}) {
                            closedLoop("echo", echoKey(ser, size, n), echo, echoPid, true, Wire.of(ser), size, n, null);
                        }
                    }
                }
            }
            if (enabled("rpc") || enabled("open") || enabled("pubsub")) {
                warmUp(router, routerPid, false);
            }
            if (enabled("rpc")) {
                for (int size : new int[] {32, 65536}) {
                    for (String ser : new String[] {"json", "msgpack"}) {
                        for (int n : new int[] {1, 16}) {
                            closedLoop("rpc", "rpc " + ser + " " + sizeName(size) + " " + n + " caller"
                                    + (n > 1 ? "s" : ""), router, routerPid, false, Wire.of(ser), size, n,
                                    echoKey(ser, size, n));
                        }
                    }
                }
            }
            if (enabled("open")) {
                // Open loop: a fixed offered rate the router and the floor both sustain, so the server CPU per
                // operation compares even when the closed-loop rows are generator-bound.
                for (String ser : new String[] {"json", "msgpack"}) {
                    String floor = null;
                    if (echo != null) {
                        floor = "open " + echoKey(ser, 32, 16) + " @" + openRate + "/s";
                        openLoop(floor, echo, echoPid, true, Wire.of(ser), 32, 16, null);
                    }
                    openLoop("open rpc " + ser + " 32B 16 callers @" + openRate + "/s", router, routerPid, false,
                            Wire.of(ser), 32, 16, floor);
                }
            }
            if (enabled("pubsub")) {
                pubsub("pubsub 4 pub -> 16 sub json 32B", 4, 16);
                pubsub("pubsub 1 pub -> " + largeFanout + " sub json 32B", 1, largeFanout);
            }
            if (routerB != null && enabled("cluster")) {
                cluster();
            }
            if (enabled("sessions")) {
                if (echo != null) {
                    sessions("echo", "echo " + sessions + " idle connections", echo, echoPid, true, null);
                }
                sessions("sessions", sessions + " idle sessions", router, routerPid, false,
                        echo != null ? "echo " + sessions + " idle connections" : null);
            }
        } catch (Exception e) {
            e.printStackTrace();
            results.add(new Result("error", "aborted: " + e, "-", Double.NaN, "", Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, 0, "FAILED", null));
        } finally {
            try {
                client.stop();
            } catch (Exception e) {
                // ignore
            }
        }
        return report();
    }

    /**
     * Cross-node scenarios (issue 12): each figure with its peers on two nodes A and B of one cluster, divided by the
     * same scenario with every peer on A, measured in this run right before. Server CPU is A's and B's together.
     */
    private void cluster() throws Exception {
        long[] both = {routerPid, routerBPid};
        for (String ser : new String[] {"json", "msgpack"}) {
            for (int n : new int[] {1, 16}) {
                String what = "rpc " + ser + " 32B " + n + " caller" + (n > 1 ? "s" : "");
                String local = "cluster: " + what + ", callee same node";
                closedLoop("cluster", local, router, router, both, false, Wire.of(ser), 32, n, null);
                closedLoop("cluster", "cluster: " + what + " on A, callee on B", router, routerB, both, false,
                        Wire.of(ser), 32, n, local);
            }
        }
        String local = "cluster: pubsub 4 pub -> 16 sub, same node";
        pubsub("cluster", local, 4, 16, List.of(router), both, null);
        pubsub("cluster", "cluster: pubsub 4 pub on A -> 8 sub A + 8 sub B", 4, 16, List.of(router, routerB), both,
                local);
    }

    private static String sizeName(int size) {
        return size >= 1024 ? (size / 1024) + "KiB" : size + "B";
    }

    private static String echoKey(String ser, int size, int n) {
        return "echo " + (ser.equals("json") ? "text" : "binary") + " " + sizeName(size) + " " + n + " conn";
    }

    // ------------------------------------------------------------------------------------------------ closed loop

    /** One closed-loop requester: one request outstanding; for RPC a WAMP caller, for the echo floor a plain client. */
    private static final class Requester {
        final Conn conn;
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        long count;
        long sentAt;
        final CountDownLatch stopped = new CountDownLatch(1);

        Requester(Conn conn) {
            this.conn = conn;
        }
    }

    /**
     * Load before a server's first measured scenario, not reported in the table: its first traffic since it started
     * creates objects that live as long as it does (Jetty's and the JIT's), and until they are old enough to be
     * promoted (15 young collections) every young collection copies them again, which lengthens the pauses of the
     * scenarios that happen to run first. JSON 32 B with 16 connections, the warm-up and the measured interval of a
     * scenario.
     */
    private void warmUp(URI uri, long pid, boolean isEcho) throws Exception {
        closedLoop("warmup", "warm-up: " + (isEcho ? "echo" : "rpc") + " json 32B 16 conn", uri, pid, isEcho,
                Wire.of("json"), 32, 16, null);
    }

    private void closedLoop(String group, String name, URI uri, long pid, boolean isEcho, Wire wire, int size, int n,
            String floorKey) throws Exception {
        closedLoop(group, name, uri, uri, new long[] {pid}, isEcho, wire, size, n, floorKey);
    }

    /** As above, with the callee on {@code calleeUri} (another node of the cluster) and the CPU of {@code pids}. */
    private void closedLoop(String group, String name, URI uri, URI calleeUri, long[] pids, boolean isEcho, Wire wire,
            int size, int n, String floorKey) throws Exception {
        log("running " + name);
        String arg = Wire.filler(size);
        List<Conn> all = new ArrayList<>();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong phase = new AtomicLong(0); // 0 warm-up, 1 measure, 2 stop
        try {
            if (!isEcho) {
                all.add(callee(calleeUri, wire, arg, failure));
                if (!calleeUri.equals(uri)) {
                    all.add(awaitProcedure(uri, wire, arg));
                }
            }
            List<Requester> reqs = new ArrayList<>();
            List<CompletableFuture<Conn>> opening = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                opening.add(Conn.open(client, uri, wire, isEcho, realm));
            }
            for (CompletableFuture<Conn> f : opening) {
                Conn c = f.get(30, TimeUnit.SECONDS);
                all.add(c);
                reqs.add(new Requester(c));
            }
            for (Requester r : reqs) {
                r.conn.handler = (c, msg, type, id) -> {
                    long now = System.nanoTime();
                    if (!isEcho && type != Wire.RESULT) {
                        failure.compareAndSet(null, name + ": got " + Conn.abbreviate(msg));
                        r.stopped.countDown();
                        return;
                    }
                    long p = phase.get();
                    if (p == 1) {
                        r.count++;
                        r.histogram.recordValue(Math.max(1, (now - r.sentAt) / 1000));
                    }
                    if (p == 2) {
                        r.stopped.countDown();
                        return;
                    }
                    r.sentAt = System.nanoTime();
                    c.send(wire.call(c.nextRequest(), PROC, arg));
                };
            }
            for (Requester r : reqs) {
                r.sentAt = System.nanoTime();
                r.conn.send(wire.call(r.conn.nextRequest(), PROC, arg));
            }
            sleep(warmup);
            Cpu cpu = new Cpu(pids);
            long t0 = System.nanoTime();
            phase.set(1);
            sleep(measure);
            phase.set(2);
            long t1 = System.nanoTime();
            double[] cpus = cpu.stop();
            for (Requester r : reqs) {
                if (!r.stopped.await(30, TimeUnit.SECONDS)) {
                    failure.compareAndSet(null, name + ": a request got no answer within 30 s");
                }
            }
            Histogram h = new Histogram(3_600_000_000L, 3);
            long count = 0;
            for (Requester r : reqs) {
                h.add(r.histogram);
                count += r.count;
            }
            for (Conn c : all) {
                if (c.failure != null) {
                    failure.compareAndSet(null, c.failure);
                }
            }
            double rate = count / ((t1 - t0) / 1e9);
            if (count == 0) {
                failure.compareAndSet(null, "no request completed");
            }
            add(new Result(group, name, isEcho ? "echo" : "router", rate, isEcho ? "echoes/s" : "calls/s",
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), cpus[0],
                    cpus[1], 0, failure.get() == null ? "ok" : "FAILED: " + failure.get(), floorKey));
        } catch (Exception e) {
            add(new Result(group, name, isEcho ? "echo" : "router", Double.NaN, "", Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, 0, "FAILED: " + e, floorKey));
        } finally {
            closeAll(all);
        }
    }

    /** Joins the one callee of the RPC scenarios: registers {@link #PROC} and YIELDs {@code arg} to every call. */
    private Conn callee(URI uri, Wire wire, String arg, AtomicReference<String> failure) throws Exception {
        Conn callee = Conn.open(client, uri, wire, false, realm).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            CompletableFuture<Void> registered = new CompletableFuture<>();
            AtomicBoolean taken = new AtomicBoolean();
            callee.handler = (c, msg, type, id) -> {
                if (type == Wire.INVOCATION) {
                    c.send(wire.yield(id, arg));
                } else if (type == Wire.REGISTERED) {
                    registered.complete(null);
                } else if (routerB != null && new String(msg, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("procedure_already_exists")) {
                    // the previous scenario's callee on the other node: its unregistration is still on its way
                    taken.set(true);
                    registered.complete(null);
                } else {
                    failure.compareAndSet(null, "callee got " + Conn.abbreviate(msg));
                    registered.completeExceptionally(new IllegalStateException(Conn.abbreviate(msg)));
                }
            };
            callee.send(wire.register(callee.nextRequest(), PROC));
            registered.get(30, TimeUnit.SECONDS);
            if (!taken.get()) {
                return callee;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(PROC + " still registered on another node after 30 s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Calls {@link #PROC} on {@code uri} until it is answered: a registration on another node of the cluster reaches
     * this one shortly after REGISTERED. Returns the connection (closed with the others).
     */
    private Conn awaitProcedure(URI uri, Wire wire, String arg) throws Exception {
        Conn probe = Conn.open(client, uri, wire, false, realm).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            CompletableFuture<Long> answer = new CompletableFuture<>();
            probe.handler = (c, msg, type, id) -> answer.complete(type);
            probe.send(wire.call(probe.nextRequest(), PROC, arg));
            if (answer.get(30, TimeUnit.SECONDS) == Wire.RESULT) {
                return probe;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(PROC + " not known on " + uri + " within 60 s");
            }
            Thread.sleep(50); // the registration travels through Hazelcast's replicated map
        }
    }

    /**
     * Publishes probes from the first node until every subscriber got one (a subscription reaches the other nodes
     * shortly after SUBSCRIBED), lets the last probes arrive, then zeroes the counters the measurement uses.
     */
    private void awaitSubscribers(Wire wire, List<Subscriber> subs, AtomicLong delivered) throws Exception {
        Conn probe = Conn.open(client, router, wire, false, realm).get(30, TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (subs.stream().anyMatch(s -> s.received == 0)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("subscribers on the other node got no event within 60 s");
                }
                probe.send(wire.publish(probe.nextRequest(), TOPIC, "probe"));
                Thread.sleep(50);
            }
            Thread.sleep(500); // probes still crossing
        } finally {
            probe.close();
        }
        subs.forEach(s -> s.received = 0);
        delivered.set(0);
    }

    // ------------------------------------------------------------------------------------------------ open loop

    /** One open-loop requester: the intended send times of its requests not yet answered, oldest first. */
    private static final class OpenRequester {
        final Conn conn;
        final ConcurrentLinkedQueue<long[]> pending = new ConcurrentLinkedQueue<>();
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        long answeredMeasured;
        final AtomicLong answered = new AtomicLong();

        OpenRequester(Conn conn) {
            this.conn = conn;
        }
    }

    /**
     * Requests at a fixed offered rate ({@code --open-rate}/s, spread round-robin over n connections, any number
     * outstanding), whatever the answers do. The server's CPU time per operation at that rate is what the generator
     * cannot distort; latency is taken from each request's intended send time (no coordinated omission). Every
     * request sent must be answered (else FAILED, counted as lost).
     */
    private void openLoop(String name, URI uri, long pid, boolean isEcho, Wire wire, int size, int n, String floorKey)
            throws Exception {
        log("running " + name);
        String group = "open";
        String arg = Wire.filler(size);
        List<Conn> all = new ArrayList<>();
        AtomicReference<String> failure = new AtomicReference<>();
        long sent = 0;
        try {
            if (!isEcho) {
                all.add(callee(uri, wire, arg, failure));
            }
            List<OpenRequester> reqs = new ArrayList<>();
            List<CompletableFuture<Conn>> opening = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                opening.add(Conn.open(client, uri, wire, isEcho, realm));
            }
            for (CompletableFuture<Conn> f : opening) {
                Conn c = f.get(30, TimeUnit.SECONDS);
                all.add(c);
                OpenRequester r = new OpenRequester(c);
                reqs.add(r);
                c.handler = (conn, msg, type, id) -> {
                    long now = System.nanoTime();
                    if (!isEcho && type != Wire.RESULT) {
                        failure.compareAndSet(null, name + ": got " + Conn.abbreviate(msg));
                    }
                    long[] intended = r.pending.poll(); // answers come in request order on one connection
                    if (intended == null) {
                        failure.compareAndSet(null, name + ": an answer nobody asked for");
                        return;
                    }
                    if (intended[1] == 1) {
                        r.answeredMeasured++;
                        r.histogram.recordValue(Math.max(1, (now - intended[0]) / 1000));
                    }
                    r.answered.incrementAndGet();
                };
            }
            long interval = Math.max(1, 1_000_000_000L / openRate);
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmup * 1e9);
            long end = measureFrom + (long) (measure * 1e9);
            long next = start;
            Cpu cpu = null;
            long t0 = 0;
            while (next < end) {
                long now = System.nanoTime();
                if (now < next) {
                    java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                    continue;
                }
                if (cpu == null && next >= measureFrom) {
                    cpu = new Cpu(pid);
                    t0 = System.nanoTime();
                }
                OpenRequester r = reqs.get((int) (sent % n));
                r.pending.add(new long[] {next, cpu == null ? 0 : 1});
                r.conn.send(isEcho ? wire.call(sent, PROC, arg) : wire.call(r.conn.nextRequest(), PROC, arg));
                sent++;
                next += interval;
            }
            long t1 = System.nanoTime();
            double[] cpus = cpu == null ? new double[] {Double.NaN, Double.NaN} : cpu.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long answered = 0;
            while (System.nanoTime() < deadline) {
                answered = reqs.stream().mapToLong(r -> r.answered.get()).sum();
                if (answered >= sent || failure.get() != null) {
                    break;
                }
                Thread.sleep(20); // polling the counters for the last answers
            }
            long lost = sent - answered;
            Histogram h = new Histogram(3_600_000_000L, 3);
            long count = 0;
            for (OpenRequester r : reqs) {
                h.add(r.histogram);
                count += r.answeredMeasured;
            }
            for (Conn c : all) {
                if (c.failure != null) {
                    failure.compareAndSet(null, c.failure);
                }
            }
            if (lost > 0) {
                failure.compareAndSet(null, lost + " of " + sent + " requests not answered within 30 s");
            }
            double rate = count / ((t1 - t0) / 1e9);
            add(new Result(group, name, isEcho ? "echo" : "router", rate, isEcho ? "echoes/s" : "calls/s",
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), cpus[0],
                    cpus[1], lost, failure.get() == null ? "ok" : "FAILED: " + failure.get(), floorKey));
        } catch (Exception e) {
            add(new Result(group, name, isEcho ? "echo" : "router", Double.NaN, "", Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, 0, "FAILED: " + e, floorKey));
        } finally {
            closeAll(all);
        }
    }

    // ------------------------------------------------------------------------------------------------ pub/sub

    private static final class Publisher {
        final Conn conn;
        final AtomicBoolean parked = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long acked;

        Publisher(Conn conn) {
            this.conn = conn;
        }
    }

    private static final class Subscriber {
        volatile long received;
    }

    private void pubsub(String name, int nPub, int nSub) throws Exception {
        pubsub("pubsub", name, nPub, nSub, List.of(router), new long[] {routerPid}, echoKey("json", 32, 16));
    }

    /**
     * As above, with the subscribers spread in turn over {@code subscriberNodes} (the publishers stay on the first
     * node, {@link #router}) and the CPU of {@code pids}.
     */
    private void pubsub(String group, String name, int nPub, int nSub, List<URI> subscriberNodes, long[] pids,
            String floorKey) throws Exception {
        log("running " + name);
        Wire wire = Wire.of("json");
        String arg = Wire.filler(32);
        // publications in flight (published but not yet delivered to every subscriber), per publisher
        int window = Integer.parseInt(opts.getOrDefault("window", "16")) * nPub;
        List<Conn> all = new ArrayList<>();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong phase = new AtomicLong(0);
        AtomicLong sent = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        List<Publisher> pubs = new ArrayList<>();
        List<Subscriber> subs = new ArrayList<>();
        try {
            List<CompletableFuture<Void>> subscribed = new ArrayList<>();
            Semaphore opening = new Semaphore(64);
            List<CompletableFuture<Conn>> joins = new ArrayList<>();
            for (int i = 0; i < nSub; i++) {
                opening.acquire();
                CompletableFuture<Conn> f = Conn.open(client, subscriberNodes.get(i % subscriberNodes.size()), wire,
                        false, realm);
                f.whenComplete((c, e) -> opening.release());
                joins.add(f);
            }
            Runnable[] wake = {() -> { }}; // until the publishers exist (probes may arrive before)
            for (CompletableFuture<Conn> f : joins) {
                Conn c = f.get(60, TimeUnit.SECONDS);
                all.add(c);
                Subscriber s = new Subscriber();
                subs.add(s);
                CompletableFuture<Void> ok = new CompletableFuture<>();
                subscribed.add(ok);
                c.handler = (conn, msg, type, id) -> {
                    if (type == Wire.EVENT) {
                        s.received++;
                        delivered.incrementAndGet();
                        wake[0].run();
                    } else if (type == Wire.SUBSCRIBED) {
                        ok.complete(null);
                    } else {
                        failure.compareAndSet(null, "subscriber got " + Conn.abbreviate(msg));
                        ok.completeExceptionally(new IllegalStateException(Conn.abbreviate(msg)));
                    }
                };
                c.send(wire.subscribe(c.nextRequest(), TOPIC));
            }
            CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            if (subscriberNodes.size() > 1) {
                awaitSubscribers(wire, subs, delivered);
            }
            for (int i = 0; i < nPub; i++) {
                Conn c = Conn.open(client, router, wire, false, realm).get(30, TimeUnit.SECONDS);
                all.add(c);
                pubs.add(new Publisher(c));
            }
            java.util.function.LongSupplier inFlight = () -> sent.get() - delivered.get() / nSub;
            java.util.function.Consumer<Publisher> publish = p -> {
                sent.incrementAndGet();
                p.conn.send(wire.publish(p.conn.nextRequest(), TOPIC, arg));
            };
            java.util.function.Consumer<Publisher> next = p -> {
                if (phase.get() == 2) {
                    p.done.countDown();
                    return;
                }
                if (inFlight.getAsLong() < window) {
                    publish.accept(p);
                    return;
                }
                p.parked.set(true);
                if (inFlight.getAsLong() < window && p.parked.compareAndSet(true, false)) {
                    if (phase.get() == 2) {
                        p.done.countDown();
                    } else {
                        publish.accept(p);
                    }
                }
            };
            wake[0] = () -> {
                for (Publisher p : pubs) {
                    if (p.parked.get() && inFlight.getAsLong() < window && p.parked.compareAndSet(true, false)) {
                        if (phase.get() == 2) {
                            p.done.countDown();
                        } else {
                            publish.accept(p);
                        }
                    }
                }
            };
            for (Publisher p : pubs) {
                p.conn.handler = (c, msg, type, id) -> {
                    if (type == Wire.PUBLISHED) {
                        p.acked++;
                        next.accept(p);
                    } else {
                        failure.compareAndSet(null, "publisher got " + Conn.abbreviate(msg));
                        p.done.countDown();
                    }
                };
            }
            for (Publisher p : pubs) {
                next.accept(p);
            }
            sleep(warmup);
            Cpu cpu = new Cpu(pids);
            long d0 = delivered.get();
            long t0 = System.nanoTime();
            phase.set(1);
            sleep(measure);
            long d1 = delivered.get();
            long t1 = System.nanoTime();
            phase.set(2);
            double[] cpus = cpu.stop();
            for (Publisher p : pubs) {
                if (p.parked.compareAndSet(true, false)) {
                    p.done.countDown();
                }
            }
            for (Publisher p : pubs) {
                if (!p.done.await(30, TimeUnit.SECONDS)) {
                    failure.compareAndSet(null, "a publisher got no PUBLISHED within 30 s");
                }
            }
            long expected = 0;
            for (Publisher p : pubs) {
                expected += p.acked;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long lost;
            while (true) {
                lost = 0;
                for (Subscriber s : subs) {
                    lost += Math.max(0, expected - s.received);
                }
                if (lost == 0 || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(20); // polling the subscribers' counters for the last events
            }
            long extra = 0;
            for (Subscriber s : subs) {
                extra += Math.max(0, s.received - expected);
            }
            if (extra > 0) {
                failure.compareAndSet(null, extra + " events more than published");
            }
            for (Conn c : all) {
                if (c.failure != null) {
                    failure.compareAndSet(null, c.failure);
                }
            }
            if (lost > 0) {
                failure.compareAndSet(null, lost + " events lost of " + expected * nSub);
            }
            double rate = (d1 - d0) / ((t1 - t0) / 1e9);
            log(name + ": " + expected + " publications, " + expected * nSub + " events expected, " + lost + " lost");
            add(new Result(group, name, "router", rate, "events/s", Double.NaN, Double.NaN, Double.NaN, cpus[0],
                    cpus[1], lost, failure.get() == null ? "ok" : "FAILED: " + failure.get(), floorKey));
        } catch (Exception e) {
            add(new Result("pubsub", name, "router", Double.NaN, "", Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, 0, "FAILED: " + e, echoKey("json", 32, 16)));
        } finally {
            closeAll(all);
        }
    }

    // ------------------------------------------------------------------------------------------------ sessions

    private void sessions(String group, String name, URI uri, long pid, boolean isEcho, String floorKey)
            throws Exception {
        log("running " + name);
        Wire wire = Wire.of("json");
        ConcurrentLinkedQueue<Conn> open = new ConcurrentLinkedQueue<>();
        AtomicReference<String> failure = new AtomicReference<>();
        String target = isEcho ? "echo" : "router";
        String perUnit = isEcho ? "per connection" : "per session";
        try {
            // Warm-up: the same join path, untimed, then closed (so neither server joins its first sessions cold).
            int warm = (int) Math.min(sessions, Math.max(100, Math.round(sessions * Math.min(1.0, warmup / 10))));
            List<CompletableFuture<Conn>> warmJoins = new ArrayList<>();
            Semaphore warmInFlight = new Semaphore(128);
            for (int i = 0; i < warm; i++) {
                warmInFlight.acquire();
                CompletableFuture<Conn> f = Conn.open(client, uri, wire, isEcho, realm);
                f.whenComplete((c, e) -> warmInFlight.release());
                warmJoins.add(f);
            }
            List<Conn> warmConns = new ArrayList<>();
            for (CompletableFuture<Conn> f : warmJoins) {
                try {
                    warmConns.add(f.get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    failure.compareAndSet(null, "warm-up join failed: " + e);
                }
            }
            closeAll(warmConns);
            log(name + ": warm-up joined and closed " + warmConns.size());
            long heap0 = heapAfterGc(pid);
            long rss0 = rss(pid);
            Map<String, long[]> histo0 = histogram(pid);
            Semaphore inFlight = new Semaphore(128);
            AtomicLong failed = new AtomicLong();
            Cpu cpu = new Cpu(pid);
            long t0 = System.nanoTime();
            List<CompletableFuture<Conn>> joins = new ArrayList<>(sessions);
            for (int i = 0; i < sessions; i++) {
                inFlight.acquire();
                CompletableFuture<Conn> f = Conn.open(client, uri, wire, isEcho, realm);
                f.whenComplete((c, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        failure.compareAndSet(null, "join failed: " + e);
                    } else {
                        open.add(c);
                        c.handler = (conn, msg, type, id) -> failure.compareAndSet(null,
                                "idle session got " + Conn.abbreviate(msg));
                    }
                    inFlight.release();
                });
                joins.add(f);
            }
            try {
                CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure.compareAndSet(null, "not every session joined: " + e);
            }
            long t1 = System.nanoTime();
            double[] cpus = cpu.stop();
            double rate = (sessions - failed.get()) / ((t1 - t0) / 1e9);
            long heap1 = heapAfterGc(pid);
            long rss1 = rss(pid);
            int n = open.size();
            writeHistogramDiff(histo0, histogram(pid), n, out.resolve((isEcho ? "echo" : "router")
                    + "-histogram-per-session.txt"));
            for (Conn c : open) {
                if (c.failure != null) {
                    failure.compareAndSet(null, c.failure);
                }
            }
            String status = failure.get() == null ? "ok" : "FAILED: " + failure.get();
            add(new Result(group, name + ": join rate", target, rate, isEcho ? "connects/s" : "sessions/s", Double.NaN,
                    Double.NaN, Double.NaN, cpus[0], cpus[1], 0, status, floorKey == null ? null : floorKey
                            + ": join rate"));
            add(new Result(group, name + ": heap after GC " + perUnit, target,
                    heap1 < 0 || heap0 < 0 ? Double.NaN : (heap1 - heap0) / (double) Math.max(1, n), "bytes",
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, status,
                    floorKey == null ? null : floorKey + ": heap after GC per connection"));
            add(new Result(group, name + ": RSS " + perUnit, target,
                    rss1 < 0 || rss0 < 0 ? Double.NaN : (rss1 - rss0) / (double) Math.max(1, n), "bytes", Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, status,
                    floorKey == null ? null : floorKey + ": RSS per connection"));
            log(String.format(Locale.ROOT, "%s: %d open, heap %d -> %d KiB, RSS %d -> %d KiB", name, n, heap0 >> 10,
                    heap1 >> 10, rss0 >> 10, rss1 >> 10));
        } catch (Exception e) {
            add(new Result(group, name + ": join rate", target, Double.NaN, "", Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, 0, "FAILED: " + e, floorKey));
        } finally {
            closeAll(new ArrayList<>(open));
        }
    }

    /** Used heap of the JVM {@code pid} after a full GC, in bytes, from {@code jcmd}; -1 if unavailable. */
    private static long heapAfterGc(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            exec("jcmd", String.valueOf(pid), "GC.run");
            String info = exec("jcmd", String.valueOf(pid), "GC.heap_info");
            // G1: one "garbage-first heap" line; Serial/Parallel (what a JVM pinned to one CPU picks): one line per
            // generation. Metaspace and class space are not heap.
            Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
            long used = 0;
            boolean found = false;
            for (String line : info.split("\n")) {
                m.reset(line);
                if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                    used += Long.parseLong(m.group(1));
                    found = true;
                }
            }
            return found ? used * 1024 : -1;
        } catch (Exception e) {
            log("cannot read heap of " + pid + ": " + e);
            return -1;
        }
    }

    /** Live objects per class ({@code jcmd GC.class_histogram}, which runs a full GC): class -> {instances, bytes}. */
    private static Map<String, long[]> histogram(long pid) {
        Map<String, long[]> m = new LinkedHashMap<>();
        if (pid <= 0) {
            return m;
        }
        try {
            Matcher row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)").matcher("");
            for (String line : exec("jcmd", String.valueOf(pid), "GC.class_histogram").split("\n")) {
                if (row.reset(line).find()) {
                    long[] v = m.computeIfAbsent(row.group(3), k -> new long[2]);
                    v[0] += Long.parseLong(row.group(1));
                    v[1] += Long.parseLong(row.group(2));
                }
            }
        } catch (Exception e) {
            log("cannot read the class histogram of " + pid + ": " + e);
        }
        return m;
    }

    /** What n sessions added, per class, largest first: where the heap per session goes. */
    private static void writeHistogramDiff(Map<String, long[]> before, Map<String, long[]> after, int n, Path file)
            throws IOException {
        if (before.isEmpty() || after.isEmpty() || n == 0) {
            return;
        }
        List<Map.Entry<String, long[]>> diff = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            diff.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
        }
        diff.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d sessions; per session: bytes, instances,"
                + " class%n", n));
        long total = 0;
        for (Map.Entry<String, long[]> e : diff) {
            total += e.getValue()[1];
        }
        sb.append(String.format(Locale.ROOT, "%10.1f %8s  TOTAL%n", total / (double) n, ""));
        for (Map.Entry<String, long[]> e : diff.subList(0, Math.min(60, diff.size()))) {
            sb.append(String.format(Locale.ROOT, "%10.1f %8.2f  %s%n", e.getValue()[1] / (double) n,
                    e.getValue()[0] / (double) n, e.getKey()));
        }
        Files.writeString(file, sb.toString());
        log("class histogram per session: " + file);
    }

    private static long rss(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            log("cannot read RSS of " + pid + ": " + e);
        }
        return -1;
    }

    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return s;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** CPU use of this process and of the server process over an interval, in % of one core. */
    private static final class Cpu {
        private final long[] pids;
        private final long wall0;
        private final long self0;
        private final long srv0;

        /** "young collections / ms paused" of the servers over the measured interval, for the result made next. */
        private static final ThreadLocal<String> LAST_GC = ThreadLocal.withInitial(() -> "");
        private final double[] gc0;

        /** Several pids: the nodes of a cluster, whose CPU is summed. */
        Cpu(long... pids) {
            this.pids = pids;
            LAST_GC.set("");
            this.gc0 = gc(pids);
            this.srv0 = procCpu(pids);
            this.wall0 = System.nanoTime();
            this.self0 = selfCpu();
        }

        double[] stop() {
            long wall = System.nanoTime() - wall0;
            double self = 100.0 * (selfCpu() - self0) / wall;
            long s1 = procCpu(pids);
            double srv = srv0 < 0 || s1 < 0 ? Double.NaN : 100.0 * (s1 - srv0) / wall;
            double[] gc1 = gc(pids);
            LAST_GC.set(gc0 == null || gc1 == null ? "" : String.format(Locale.ROOT, "%.0f / %.0f ms",
                    gc1[0] - gc0[0], gc1[1] - gc0[1]));
            return new double[] {self, srv};
        }

        private static double[] gc(long[] pids) {
            return GcCounters.young(pids);
        }

        /** The GC figure of the last interval measured in this thread, once: later results (memory rows) get none. */
        static String takeGc() {
            String gc = LAST_GC.get();
            LAST_GC.set("");
            return gc;
        }

        private static long selfCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long procCpu(long[] pids) {
            long sum = 0;
            for (long pid : pids) {
                long t = procCpu(pid);
                if (t < 0) {
                    return -1;
                }
                sum += t;
            }
            return sum;
        }

        /** utime + stime of a process in ns (assumes CLK_TCK = 100). */
        private static long procCpu(long pid) {
            if (pid <= 0) {
                return -1;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    private static void closeAll(List<Conn> conns) {
        for (Conn c : conns) {
            c.close();
        }
        for (Conn c : conns) {
            try {
                c.closed.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone anyway
            }
        }
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000)); // a bounded measurement interval, not a wait for a condition
    }

    private static void log(String s) {
        System.err.println("loadgen: " + s);
    }

    private void add(Result r) {
        results.add(r);
        log(String.format(Locale.ROOT, "%s: %.1f %s, gen CPU %.0f%%, server CPU %.0f%%%s, %s", r.name(), r.value(),
                r.unit(), r.genCpu(), r.srvCpu(), r.serverGc().isEmpty() ? "" : ", server young GC " + r.serverGc(),
                r.status()));
    }

    // ------------------------------------------------------------------------------------------------ report

    private int report() throws IOException {
        Map<String, Result> byName = new LinkedHashMap<>();
        for (Result r : results) {
            byName.put(r.name(), r);
        }
        Path csv = out.resolve("results.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("group,name,target,value,unit,p50_us,p99_us,p999_us,generator_cpu_pct,server_cpu_pct,lost,"
                    + "floor_name,floor_value,ratio_to_floor,server_cpu_us_per_op,server_young_gc,status");
            for (Result r : results) {
                Result f = r.floorKey() == null ? null : byName.get(r.floorKey());
                w.println(String.join(",", r.group(), q(r.name()), r.target(), num(r.value()), r.unit(), num(r.p50()),
                        num(r.p99()), num(r.p999()), num(r.genCpu()), num(r.srvCpu()), String.valueOf(r.lost()),
                        f == null ? "" : q(f.name()), f == null ? "" : num(f.value()),
                        f == null || !(f.value() > 0) ? "" : num(r.value() / f.value()), num(costPerOp(r)),
                        q(r.serverGc()), q(r.status())));
            }
        }
        StringBuilder t = new StringBuilder();
        String fmt = "%-44s %12s %-10s %12s %6s %20s %6s %6s %9s %6s %5s %13s  %s%n";
        t.append(String.format(Locale.ROOT, fmt, "figure", "value", "unit", "floor", "ratio", "p50/p99/p999 us",
                "genCPU", "srvCPU", "srv us/op", "ratio", "lost", "srv young GC", "status"));
        t.append("-".repeat(174)).append('\n');
        boolean failed = false;
        for (Result r : results) {
            if (r.group().equals("warmup") && r.status().equals("ok")) {
                continue; // in the CSV and the log only
            }
            Result f = r.floorKey() == null ? null : byName.get(r.floorKey());
            String lat = Double.isNaN(r.p50()) ? "" : String.format(Locale.ROOT, "%.0f/%.0f/%.0f", r.p50(), r.p99(),
                    r.p999());
            double cost = costPerOp(r);
            double floorCost = f == null ? Double.NaN : costPerOp(f);
            t.append(String.format(Locale.ROOT, fmt, r.name(), fmt(r.value()), r.unit(), f == null ? "" : fmt(f.value()),
                    f == null || !(f.value() > 0) ? "" : String.format(Locale.ROOT, "%.2f", r.value() / f.value()), lat, pct(r.genCpu()),
                    pct(r.srvCpu()), Double.isNaN(cost) ? "" : String.format(Locale.ROOT, "%.1f", cost),
                    Double.isNaN(cost) || Double.isNaN(floorCost) ? "" : String.format(Locale.ROOT, "%.2f",
                            cost / floorCost),
                    r.group().equals("pubsub") || r.group().equals("open") || r.group().equals("cluster")
                            ? String.valueOf(r.lost()) : "", r.serverGc(), r.status()));
            failed |= !r.status().equals("ok") || r.lost() > 0;
        }
        t.append("CPU in % of one core over the measured interval (genCPU: the load generator; srvCPU: the server"
                + " measured, router or echo).\nsrv us/op: server CPU time per call, event, echo or join (srvCPU / rate),"
                + " with its ratio router/floor (lower is better; not distorted by a saturated generator).\n"
                + "srv young GC: the server's young collections / their pauses added up, over the measured interval.\n"
                + "Ratios: router figure / floor figure from this run. open: a fixed offered rate (open loop), latency"
                + " from each request's intended send time; an RPC is 4 frames through the router, an echo 2.\n");
        System.out.print(t);
        Files.writeString(out.resolve("table.txt"), t.toString());
        try {
            Charts.write(results, byName, out);
        } catch (Throwable e) {
            log("charts not written: " + e);
        }
        log("results in " + csv.toAbsolutePath() + " (and table.txt, *.png)");
        return failed ? 1 : 0;
    }

    /** Server CPU microseconds per operation, NaN for memory figures. */
    static double costPerOp(Result r) {
        if (Double.isNaN(r.srvCpu()) || Double.isNaN(r.value()) || r.value() <= 0 || r.unit().equals("bytes")) {
            return Double.NaN;
        }
        return r.srvCpu() / 100.0 * 1e6 / r.value();
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.0f%%", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String q(String s) {
        return "\"" + s.replace("\"", "'") + "\"";
    }
}
