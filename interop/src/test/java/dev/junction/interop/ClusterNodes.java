package dev.junction.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Junction nodes of one cluster: copies of the built assembly, each a Karaf JVM of its own on loopback with its own
 * free ports (WebSocket, Karaf's SSH/RMI/HTTP, the Hazelcast member), the same {@code members} list and short
 * Hazelcast timeouts. A node either boots with {@code junction-cluster} (in {@code featuresBoot}, as an operator
 * runs a cluster) or gets it hot-installed through the shell afterwards. Nodes can be killed (SIGKILL) and restarted
 * in the same copy on the same ports.
 */
final class ClusterNodes implements AutoCloseable {
    static final Duration JOIN = Duration.ofSeconds(120);
    /** A member silent this long is gone (the minimum the configuration allows is 2; 4 leaves room for a busy CI). */
    static final int MEMBER_TIMEOUT_SECONDS = 4;
    static final int HEARTBEAT_SECONDS = 1;
    private static final Pattern MEMBER_ROW = Pattern.compile("(?m)^\\s*([0-9a-f-]{36})\\s*[│|]");

    private final Path target;
    private final List<String> names;
    private final List<JunctionServer> servers;
    private final List<Integer> restarts = new ArrayList<>();

    private ClusterNodes(Path target, List<String> names, List<JunctionServer> servers) {
        this.target = target;
        this.names = names;
        this.servers = servers;
        names.forEach(n -> restarts.add(0));
    }

    /**
     * Starts one node per name (in parallel: most of a Karaf boot is waiting), all configured for one cluster of a
     * fresh name. Nodes named in {@code bootWithCluster} boot with the feature; the others get it only when
     * {@link #installCluster} is called.
     */
    static ClusterNodes start(Path assembly, Path target, List<String> names, List<String> bootWithCluster)
            throws Exception {
        List<Integer> ports = JunctionServer.freePorts(names.size());
        String members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        String cluster = "it" + Long.toHexString(System.nanoTime());
        ExecutorService starters = Executors.newFixedThreadPool(names.size());
        List<Future<JunctionServer>> starting = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                int port = ports.get(i);
                boolean boot = bootWithCluster.contains(name);
                starting.add(starters.submit(() -> JunctionServer.start(assembly, dir(target, name),
                        target.resolve("server-cluster-" + name + ".log"), target.resolve("server-cluster-" + name
                                + ".pid"), dir -> configure(dir, cluster, port, members, boot))));
            }
            List<JunctionServer> servers = new ArrayList<>();
            Exception failure = null;
            for (Future<JunctionServer> f : starting) {
                try {
                    servers.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure == null && e.getCause() instanceof Exception c ? c : failure;
                }
            }
            if (failure != null) {
                servers.forEach(JunctionServer::close);
                throw failure;
            }
            return new ClusterNodes(target, names, servers);
        } finally {
            starters.shutdown();
        }
    }

    private static Path dir(Path target, String name) {
        return target.resolve("server-cluster-" + name);
    }

    private static void configure(Path serverDir, String cluster, int port, String members, boolean boot)
            throws IOException {
        Files.writeString(serverDir.resolve("etc/dev.junction.cluster.cfg"), "cluster_name = " + cluster + "\n"
                + "interface = 127.0.0.1\n" + "port = " + port + "\n" + "members = " + members + "\n"
                + "heartbeat_interval = " + HEARTBEAT_SECONDS + "\n" + "member_timeout = " + MEMBER_TIMEOUT_SECONDS
                + "\n" + "connection_timeout = 2\n");
        if (boot) {
            Path features = serverDir.resolve("etc/org.apache.karaf.features.cfg");
            String text = Files.readString(features, StandardCharsets.UTF_8)
                    .replaceFirst("(?m)^(featuresBoot\\s*=.*)$", "$1, junction-cluster");
            Files.writeString(features, text, StandardCharsets.UTF_8);
        }
    }

    JunctionServer server(String name) {
        return servers.get(names.indexOf(name));
    }

    KarafShell shell(String name) {
        return new KarafShell(server(name));
    }

    /**
     * Hot install: nothing of the cluster ran while the node booted. bin/client may end its batch session before the
     * provisioning thread is done (Karaf then logs an InterruptedException of the waiting shell thread); the
     * provisioning goes on, and {@code junction:cluster} answering is what {@link #awaitMembers} waits for.
     */
    void installCluster(String name) throws Exception {
        shell(name).run("feature:install junction-cluster");
    }

    /** Waits until {@code name} has joined a cluster of {@code count} members, all with its configuration digest. */
    String awaitMembers(String name, int count) throws Exception {
        return Poll.until(name + " in a cluster of " + count, JOIN, Duration.ofSeconds(1),
                () -> status(name).filter(out -> out.contains("State: joined") && KarafShell.rows(out).stream()
                        .filter(row -> row.contains("same")).count() == count));
    }

    /** The output of {@code junction:cluster} on {@code name}, if the shell answered. */
    Optional<String> status(String name) {
        try {
            return Optional.of(shell(name).run("junction:cluster").text());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The member UUID a {@code junction:cluster} output marks as this node ("yes"). */
    static String localMember(String status) {
        return KarafShell.rows(status).stream().filter(row -> row.contains("yes")).map(row -> row.get(0))
                .findFirst().orElseThrow(() -> new AssertionError("no local member in\n" + status));
    }

    /** Every member UUID a {@code junction:cluster} output lists. */
    static List<String> members(String status) {
        List<String> out = new ArrayList<>();
        Matcher m = MEMBER_ROW.matcher(status);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The {@code uuid=n} pairs of a {@code junction:cluster} line such as {@code Subscriptions known: ...}. */
    static Map<String, Integer> known(String status, String line) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + ": (.*)$").matcher(status);
        if (!m.find()) {
            throw new AssertionError("no line '" + line + "' in\n" + status);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        if (!m.group(1).trim().equals("none")) {
            for (String pair : m.group(1).trim().split(",\\s*")) {
                String[] kv = pair.split("=");
                out.put(kv[0], Integer.parseInt(kv[1]));
            }
        }
        return out;
    }

    /** The environment a client script gets: each node's URL as {@code JUNCTION_URL_<NAME>} and its JVM's pid. */
    Map<String, String> clientEnv() {
        Map<String, String> env = new LinkedHashMap<>(servers.get(0).env());
        for (int i = 0; i < names.size(); i++) {
            String key = names.get(i).toUpperCase(java.util.Locale.ROOT);
            env.put("JUNCTION_URL_" + key, servers.get(i).url());
            env.put("JUNCTION_PID_" + key, String.valueOf(servers.get(i).process().pid()));
        }
        env.put("JUNCTION_MEMBER_TIMEOUT", String.valueOf(MEMBER_TIMEOUT_SECONDS));
        return env;
    }

    /** Reaps a node that was killed with SIGKILL (by the test or a client script), killing it if it still runs. */
    void killed(String name) throws InterruptedException {
        server(name).kill();
    }

    /** Starts a killed node again in the same copy on the same ports; Karaf keeps its installed features. */
    void restart(String name) throws Exception {
        int i = names.indexOf(name);
        int n = restarts.get(i) + 1;
        restarts.set(i, n);
        servers.set(i, servers.get(i).restart(target.resolve("server-cluster-" + name + "-restart" + n + ".log")));
    }

    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }
}
