package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Junction nodes (two Karaf JVMs on loopback, different ports) in one cluster: the {@code junction-cluster}
 * feature is installed into both at runtime (hot install), they join, and autobahn-python clients on both see one
 * realm: an event published on node B reaches node A's exact and wildcard subscribers, once per node on the wire
 * (the nodes' counters), in order, with publisher exclusion and black/whitelists; an event nobody subscribes to
 * does not cross at all; calls from B reach a callee on A and their results and errors come back, and A's single
 * registration refuses B's; a shared roundrobin registration alternates between the callees of both nodes;
 * progressive results, CANCEL, call timeout and caller disclosure cross; session ids carry each node's slot. Then
 * one realm's state across the nodes ({@link ClusterStateChecks}). Last, a node whose realms change after it joined
 * leaves, and is refused when its
 * member restarts. One class, one pair of nodes.
 */
@ExtendWith(PrintingWatcher.class)
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ClusterIT {
    private static final Duration JOIN = Duration.ofSeconds(90);
    private static final Pattern SENT = Pattern.compile("Events sent: (\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("Events received: (\\d+)");
    private static final Pattern CALLS_SENT = Pattern.compile("Calls sent: (\\d+)");
    private static final Pattern CALLS_SERVED = Pattern.compile("Calls served: (\\d+)");

    @Test
    void anEventCrossesToTheNodeWithASubscriberOnceAndOnlyThere() throws Exception {
        Path target = Path.of(System.getProperty("junction.results.dir", "target"));
        Path assembly = Path.of(System.getProperty("junction.assembly.dir"));
        List<Integer> ports = JunctionServer.freePorts(2);
        String members = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1);
        String name = "it" + Long.toHexString(System.nanoTime());
        JunctionServer a = JunctionServer.start(assembly, target.resolve("server-cluster-a"),
                target.resolve("server-cluster-a.log"), target.resolve("server-cluster-a.pid"),
                dir -> clusterConfig(dir, name, ports.get(0), members));
        JunctionServer b = null;
        try {
            b = JunctionServer.start(assembly, target.resolve("server-cluster-b"),
                    target.resolve("server-cluster-b.log"), target.resolve("server-cluster-b.pid"),
                    dir -> clusterConfig(dir, name, ports.get(1), members));
            KarafShell shellA = new KarafShell(a);
            KarafShell shellB = new KarafShell(b);
            // Hot install: nothing of the cluster ran while the nodes booted. bin/client may end its batch session
            // before the provisioning thread is done (Karaf then logs an InterruptedException of the waiting shell
            // thread); the provisioning goes on, and junction:cluster answering is the condition waited for.
            shellA.run("feature:install junction-cluster");
            shellB.run("feature:install junction-cluster");
            // bin/client starts a JVM per command (seconds on a busy machine): few shell calls. Membership is
            // symmetric, so B seeing two members is A seeing them too; A's output is its counters before.
            String beforeB = awaitTwoMembers(shellB);
            String beforeA = shellA.run("junction:cluster").text();
            assertThat(KarafShell.rows(beforeA).stream().filter(row -> row.contains("same")).count()).as(beforeA)
                    .isEqualTo(2);
            long sentA0 = counter(beforeA, SENT);
            long sentB0 = counter(beforeB, SENT);
            long receivedA0 = counter(beforeA, RECEIVED);
            long callsSentB0 = counter(beforeB, CALLS_SENT);
            long callsServedA0 = counter(beforeA, CALLS_SERVED);
            long callsSentA0 = counter(beforeA, CALLS_SENT);
            long callsServedB0 = counter(beforeB, CALLS_SERVED);

            Path pyDir = Path.of(System.getProperty("junction.python.dir", "python"));
            Map<String, String> env = new LinkedHashMap<>(a.env());
            env.put("JUNCTION_URL_A", a.url());
            env.put("JUNCTION_URL_B", b.url());
            ExternalSuite.Result r = ExternalSuite.run("cluster", List.of(PythonSuiteIT.PYTHON, "-u",
                    "cluster_two_nodes.py"), pyDir, env, Duration.ofSeconds(120));
            assertThat(r.exitCode()).as(r.tail(30)).isZero();
            String result = r.output().stream().filter(l -> l.contains("RESULT {")).reduce((x, y) -> y)
                    .orElseThrow(() -> new AssertionError("no RESULT line\n" + r.tail(30)));

            // What the clients saw.
            long forwardedProbes = number(result, "a1_probes");
            assertThat(forwardedProbes).as(result).isPositive();
            assertThat(number(result, "a2_probes")).as("one crossing serves both subscribers of node A")
                    .isEqualTo(forwardedProbes);
            assertThat(number(result, "b_sub_probes")).as("node B's own subscriber got every probe")
                    .isEqualTo(number(result, "probes_published"));
            assertThat(result).as("per-publisher order across nodes")
                    .contains("\"a1_seq_in_order\": true", "\"a2_seq_in_order\": true", "\"b_sub_seq_in_order\": true");
            assertThat(number(result, "a1_not_a1")).as("exclude=[a1] on another node").isZero();
            assertThat(number(result, "a2_not_a1")).as("positive control of exclude").isEqualTo(1);
            assertThat(number(result, "a1_only_a2")).as("eligible=[a2] on another node").isZero();
            assertThat(number(result, "a2_only_a2")).as("positive control of eligible").isEqualTo(1);
            assertThat(result).as("a wildcard subscriber on another node learns the topic")
                    .contains("\"a2_topic_ok\": true");
            assertThat(number(result, "pub_own_events")).as("publisher exclusion").isZero();
            assertThat(number(result, "nobody_seen")).isZero();

            // What crossed between the nodes: each publication with a subscriber on A once (probes that crossed,
            // 20 in sequence, not-a1, only-a2, done), none of the three to the topic nobody subscribes to, and
            // nothing from A (no publisher there) to B.
            long crossed = forwardedProbes + 20 + 3;
            String afterA = shellA.run("junction:cluster").text();
            String afterB = shellB.run("junction:cluster").text();
            assertThat(counter(afterB, SENT) - sentB0).as("publications node B forwarded").isEqualTo(crossed);
            assertThat(counter(afterA, RECEIVED) - receivedA0).as("publications node A received")
                    .isEqualTo(crossed);
            assertThat(counter(afterA, SENT) - sentA0).as("node A forwarded nothing").isZero();

            // RPC: a call from B reaches A's callee and its result and error come back; A's single registration
            // refuses B's; a procedure nobody registered is not forwarded.
            assertThat(number(result, "rpc_result")).isEqualTo(3);
            assertThat(result).contains("\"rpc_error\": \"com.example.oops bad\"",
                    "\"rpc_dup\": \"wamp.error.procedure_already_exists\"",
                    "\"rpc_none\": \"wamp.error.no_such_procedure\"");
            // A shared roundrobin registration with a callee on each node: from either node, the calls alternate
            // between the two callees (the rotation is over both nodes' callees, not "the local one first").
            for (String from : List.of("rr_from_b", "rr_from_a")) {
                List<String> turns = strings(result, from);
                assertThat(turns).as(from).hasSize(6).containsOnly("A", "B");
                assertThat(turns.stream().filter("A"::equals).count()).as(from + ": " + turns).isEqualTo(3);
                for (int i = 1; i < turns.size(); i++) {
                    assertThat(turns.get(i)).as(from + ": " + turns).isNotEqualTo(turns.get(i - 1));
                }
            }
            // Progressive results cross in order; the caller's identity reaches the callee only on disclose_me
            // (the control); a CANCEL and a timeout end the call on A's callee with an INTERRUPT.
            assertThat(result).contains("\"progress\": [0, 1, 2, 3, 4]", "\"progress_final\": \"done\"",
                    "\"concealed\": [null, null, null]", "\"timed_out_with\": \"wamp.error.timeout\"",
                    "\"interrupted\": [\"slow\", \"slower\"]");
            assertThat(result).containsPattern("\"canceled_with\": \"(CancelledError|wamp.error.canceled)\"");
            assertThat(result).containsPattern("\"disclosed\": \\[" + number(result, "pub_session")
                    + ", \"[^\"]+\", \"anonymous\"\\]");
            // What crossed: every call from B served by A's callees, every call from A served by B's; no other.
            long bToA = number(result, "crossed_b_to_a");
            long aToB = number(result, "crossed_a_to_b");
            assertThat(aToB).isGreaterThanOrEqualTo(3);
            assertThat(counter(afterB, CALLS_SENT) - callsSentB0).as("calls node B forwarded").isEqualTo(bToA);
            assertThat(counter(afterA, CALLS_SERVED) - callsServedA0).as("calls node A served").isEqualTo(bToA);
            assertThat(counter(afterA, CALLS_SENT) - callsSentA0).as("calls node A forwarded").isEqualTo(aToB);
            assertThat(counter(afterB, CALLS_SERVED) - callsServedB0).as("calls node B served").isEqualTo(aToB);

            // Session ids: unique across the cluster, each node's slot in the top bits.
            long slotA = number(result, "a1_session") >>> 43;
            assertThat(number(result, "a2_session") >>> 43).isEqualTo(slotA);
            long slotB = number(result, "pub_session") >>> 43;
            assertThat(number(result, "b_sub_session") >>> 43).isEqualTo(slotB);
            assertThat(slotA).isPositive().isNotEqualTo(slotB);
            assertThat(slotB).isPositive();

            ClusterStateChecks.run(a, b, pyDir);

            // A node whose realms change so that they differ leaves: B gets one realm more after it joined; its
            // digest is rechecked and differs from A's (config_mismatch=refuse).
            shellB.run(String.join("\n", "config:edit --factory --alias clusterextra dev.junction.realm",
                    "config:property-set name clusterextra", "config:update"));
            String changed = Poll.until("node B leaves after its configuration changed", JOIN, Duration.ofSeconds(1),
                    () -> run(shellB, "junction:cluster").filter(out -> out.contains("State: left")));
            assertThat(changed).contains("configuration changed and differs");
            // ... and is refused at join too: its member restarts (a changed dev.junction.cluster configuration),
            // finds its digest differs from A's, and leaves.
            shellB.run(String.join("\n", "config:edit dev.junction.cluster",
                    "config:property-set connection_timeout 4", "config:update"));
            String left = Poll.until("node B refuses to stay", JOIN, Duration.ofSeconds(1),
                    () -> run(shellB, "junction:cluster").filter(out -> out.contains("State: left: configuration "
                            + "differs")));
            assertThat(left).contains("configuration differs");
            Poll.until("node A is alone again", JOIN, Duration.ofSeconds(1),
                    () -> run(shellA, "junction:cluster").filter(out -> KarafShell.rows(out).stream()
                            .filter(row -> row.contains("same")).count() == 1));
            assertThat(Files.readString(b.serverDir().resolve("data/log/karaf.log")))
                    .contains("differs from member(s)", "config_mismatch=refuse");
        } finally {
            if (b != null) {
                b.close();
            }
            a.close();
        }
    }

    private static void clusterConfig(Path serverDir, String name, int port, String members)
            throws java.io.IOException {
        Files.writeString(serverDir.resolve("etc/dev.junction.cluster.cfg"), "cluster_name = " + name + "\n"
                + "interface = 127.0.0.1\n" + "port = " + port + "\n" + "members = " + members + "\n");
    }

    private static String awaitTwoMembers(KarafShell shell) throws Exception {
        return Poll.until("the node joined a cluster of two", JOIN, Duration.ofSeconds(1),
                () -> run(shell, "junction:cluster").filter(out -> out.contains("State: joined")
                        && KarafShell.rows(out).stream().filter(row -> row.contains("same")).count() == 2));
    }

    private static Optional<String> run(KarafShell shell, String command) {
        try {
            return Optional.of(shell.run(command).text());
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static long counter(String out, Pattern p) {
        Matcher m = p.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The JSON list of strings under {@code key}. */
    private static List<String> strings(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \\[([^\\]]*)\\]").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Pattern.compile("\"([^\"]*)\"").matcher(m.group(1)).results().map(r -> r.group(1)).toList();
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
