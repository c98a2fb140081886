package dev.junction.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Junction server under test: a fresh copy of the Karaf assembly on free ports, started the way
 * {@code ./junction start} does ({@code KARAF_EXEC=exec bin/karaf run}, in the foreground as a child process), or an
 * external server given by {@code -Djunction.url}.
 */
final class JunctionServer implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("junction.start.timeout", 180));
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String TRANSPORT_CFG_GLOB = "dev.junction.transport.websocket-*.cfg";
    private static final String DEFAULT_TRANSPORT_CFG = "dev.junction.transport.websocket-default.cfg";

    private final String url;
    private final String realm;
    private final Process process; // null for an external server
    private final Path log;
    private final Path serverDir;
    private final Path pidFile;
    private final Thread shutdownHook;
    private final Map<String, String> fixtureEnv;
    private int sshPort;
    private int httpPort;
    private String shellPassword;
    private Map<String, String> launchEnv;

    private JunctionServer(String url, String realm, Process process, Path log, Path serverDir, Path pidFile,
            Map<String, String> fixtureEnv) {
        this.fixtureEnv = fixtureEnv;
        this.url = url;
        this.realm = realm;
        this.process = process;
        this.log = log;
        this.serverDir = serverDir;
        this.pidFile = pidFile;
        if (process != null) {
            shutdownHook = new Thread(() -> ProcessTree.terminate(process.toHandle(), Duration.ofSeconds(10)),
                    "junction-server-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
    }

    /** ws://127.0.0.1:port/ws */
    String url() {
        return url;
    }

    String realm() {
        return realm;
    }

    /** The Karaf JVM's process (the script execs into it), or {@code null} for an external server. */
    Process process() {
        return process;
    }

    /** The assembly copy the server runs in ({@code bin/client} is there), or {@code null} for an external one. */
    Path serverDir() {
        return serverDir;
    }

    /** Karaf's SSH port on 127.0.0.1, or 0 for an external server. */
    int sshPort() {
        return sshPort;
    }

    /** Karaf's HTTP port (web console) on 127.0.0.1, or 0 for an external server. */
    int httpPort() {
        return httpPort;
    }

    /** The user the harness adds to etc/users.properties (admin group, ssh role) for shell tests. */
    static final String SHELL_USER = "junction-test";

    /** That user's password: random for each run. */
    String shellPassword() {
        return shellPassword;
    }

    /** Environment every suite gets. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(fixtureEnv);
        env.put("JUNCTION_URL", url);
        env.put("JUNCTION_REALM", realm);
        return env;
    }

    static JunctionServer external(String url, String realm) throws Exception {
        System.out.println("[harness] using the external server " + url + " (realm " + realm + ")");
        awaitReady(URI.create(url), realm, null, null);
        return new JunctionServer(url, realm, null, null, null, null, Map.of());
    }

    /**
     * Copies the assembly under {@code assemblyDir} to {@code serverDir}, moves its ports to free ones, starts it
     * and waits until the status page answers and a WAMP HELLO to the realm gets WELCOME.
     */
    static JunctionServer start(Path assemblyDir, Path serverDir, Path log, Path pidFile) throws Exception {
        return start(assemblyDir, serverDir, log, pidFile, dir -> { });
    }

    /** What a test changes in the server's copy before it starts (more etc/ files, boot features). */
    interface Preparation {
        void prepare(Path serverDir) throws IOException;
    }

    /** As {@link #start(Path, Path, Path, Path)}, with {@code preparation} run on the copy just before it starts. */
    static JunctionServer start(Path assemblyDir, Path serverDir, Path log, Path pidFile, Preparation preparation)
            throws Exception {
        ProcessTree.killRecorded(pidFile, STOP_GRACE); // a server left behind by a run that died hard
        Path home = findKarafHome(assemblyDir);
        System.out.println("[harness] assembly: " + home);
        copyTree(home, serverDir);
        Path etc = serverDir.resolve("etc");

        List<Integer> ports = freePorts(5);
        int wsPort = ports.get(0);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUNCTION_SSH_PORT", String.valueOf(ports.get(1)));
        env.put("JUNCTION_RMI_REGISTRY_PORT", String.valueOf(ports.get(2)));
        env.put("JUNCTION_RMI_SERVER_PORT", String.valueOf(ports.get(3)));
        env.put("JUNCTION_HTTP_PORT", String.valueOf(ports.get(4))); // pax-web: the web console

        Path transportCfg = etc.resolve(DEFAULT_TRANSPORT_CFG);
        if (!Files.exists(transportCfg)) {
            throw new IllegalStateException("the assembly has no etc/" + DEFAULT_TRANSPORT_CFG + "; etc/ holds: "
                    + listNames(etc));
        }
        String host = "127.0.0.1";
        try (Stream<Path> cfgs = Files.list(etc)) {
            for (Path cfg : cfgs.filter(p -> p.getFileSystem().getPathMatcher("glob:" + TRANSPORT_CFG_GLOB)
                    .matches(p.getFileName())).sorted().collect(Collectors.toList())) {
                int port = cfg.equals(transportCfg) ? wsPort : freePorts(1).get(0);
                setKey(cfg, "endpoint.port", String.valueOf(port), true);
                if (cfg.equals(transportCfg)) {
                    String iface = readKey(cfg, "endpoint.interface").orElse("");
                    if (!iface.isBlank() && !iface.equals("0.0.0.0") && !iface.equals("::")) {
                        host = iface;
                    }
                }
            }
        }
        Map<String, String> fixtureEnv = installFixtures(etc);
        String shellPassword = addShellUser(etc.resolve("users.properties"));
        // Karaf's own listeners: our etc files read JUNCTION_* env vars; a plain number is rewritten as well.
        setKey(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", env.get("JUNCTION_SSH_PORT"), false);
        setKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", env.get("JUNCTION_RMI_REGISTRY_PORT"), false);
        setKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", env.get("JUNCTION_RMI_SERVER_PORT"), false);
        setKey(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", String.valueOf(freePorts(1).get(0)), false);

        preparation.prepare(serverDir);
        String realm = System.getProperty("junction.realm", "realm1");
        String hostInUrl = host.contains(":") ? "[" + host + "]" : host;
        String url = "ws://" + hostInUrl + ":" + wsPort + "/ws";
        return launch(serverDir, env, url, realm, log, pidFile, fixtureEnv, shellPassword);
    }

    /** Kills the server at once (SIGKILL: no shutdown, as a crash). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        close();
    }

    /** Starts a stopped or killed server again in the same copy on the same ports, its output going to {@code log}. */
    JunctionServer restart(Path newLog) throws Exception {
        return launch(serverDir, launchEnv, url, realm, newLog, pidFile, fixtureEnv, shellPassword);
    }

    private static JunctionServer launch(Path serverDir, Map<String, String> env, String url, String realm, Path log,
            Path pidFile, Map<String, String> fixtureEnv, String shellPassword) throws Exception {
        Path karaf = serverDir.resolve("bin/karaf");
        List<String> cmd = new ArrayList<>();
        if (!Files.isExecutable(karaf)) {
            cmd.add("/bin/sh");
        }
        cmd.add(karaf.toString());
        cmd.add("run");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(serverDir.toFile());
        Map<String, String> penv = pb.environment();
        penv.keySet().removeIf(k -> k.startsWith("KARAF_") || k.startsWith("JUNCTION_"));
        penv.putAll(env);
        penv.put("KARAF_EXEC", "exec"); // the JVM replaces the script: SIGTERM reaches Karaf
        penv.put("JAVA_HOME", System.getProperty("java.home"));
        Files.createDirectories(log.toAbsolutePath().getParent());
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(new File("/dev/null"));

        System.out.println("[harness] starting " + String.join(" ", cmd) + " (" + url + ", SSH "
                + env.get("JUNCTION_SSH_PORT") + ", RMI " + env.get("JUNCTION_RMI_REGISTRY_PORT") + "/"
                + env.get("JUNCTION_RMI_SERVER_PORT") + "), output in " + log);
        long t0 = System.nanoTime();
        Process process = pb.start();
        ProcessTree.writePidFile(pidFile, process.toHandle(), serverDir.toString());
        JunctionServer server = new JunctionServer(url, realm, process, log, serverDir, pidFile, fixtureEnv);
        server.sshPort = Integer.parseInt(env.get("JUNCTION_SSH_PORT"));
        server.httpPort = Integer.parseInt(env.get("JUNCTION_HTTP_PORT"));
        server.shellPassword = shellPassword;
        server.launchEnv = env;
        try {
            awaitReady(URI.create(url), realm, process, log);
        } catch (Exception | Error e) {
            server.printLogTails();
            server.close();
            throw e;
        }
        System.out.printf("[harness] Junction is up at %s (realm %s) after %.1f s%n", url, realm,
                (System.nanoTime() - t0) / 1e9);
        return server;
    }

    /** Waits for the HTTP status page, then for a WAMP WELCOME (so realm configuration has been applied too). */
    private static void awaitReady(URI ws, String realm, Process process, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI page = URI.create(ws.toString().replaceFirst("^ws", "http"));
        String[] last = {"no answer yet"};
        HttpResponse<String> status = Poll.until("the status page at " + page, START_TIMEOUT, Duration.ofMillis(250),
                () -> {
                    checkAlive(process, log);
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(5))
                                .GET().build(), HttpResponse.BodyHandlers.ofString());
                        return Optional.of(r);
                    } catch (IOException e) {
                        last[0] = e.toString();
                        return Optional.empty();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
        System.out.println("[harness] GET " + page + " -> HTTP " + status.statusCode()
                + status.headers().firstValue("content-type").map(t -> " (" + t + ")").orElse(""));
        String welcome = Poll.until("WELCOME from realm " + realm + " at " + ws, START_TIMEOUT, Duration.ofMillis(500),
                () -> {
                    checkAlive(process, log);
                    return helloProbe(http, ws, realm, last);
                });
        System.out.println("[harness] WAMP probe: HELLO " + realm + " -> " + abbreviate(welcome, 200));
    }

    private static void checkAlive(Process process, Path log) {
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException("the server exited with status " + process.exitValue()
                    + " before it was ready; see " + log);
        }
    }

    /** One HELLO over wamp.2.json; the WELCOME text if it came. */
    private static Optional<String> helloProbe(HttpClient http, URI ws, String realm, String[] last) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean lastPart) {
                text.append(data);
                if (lastPart) {
                    reply.complete(text.toString());
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
                reply.completeExceptionally(new IOException("closed " + code + " " + reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                reply.completeExceptionally(error);
            }
        };
        WebSocket socket = null;
        try {
            socket = http.newWebSocketBuilder().subprotocols("wamp.2.json").connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(ws, listener).get(10, TimeUnit.SECONDS);
            socket.sendText("[1,\"" + realm + "\",{\"roles\":{\"caller\":{},\"subscriber\":{}}}]", true)
                    .get(5, TimeUnit.SECONDS);
            String text = reply.get(10, TimeUnit.SECONDS);
            if (text.startsWith("[2,")) {
                socket.sendText("[6,{},\"wamp.close.close_realm\"]", true).get(5, TimeUnit.SECONDS);
                return Optional.of(text);
            }
            if (!text.equals(last[0])) {
                System.out.println("[harness] WAMP probe: HELLO " + realm + " -> " + abbreviate(text, 300)
                        + " (retrying)");
            }
            last[0] = text;
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            last[0] = e.toString();
            return Optional.empty();
        } finally {
            if (socket != null) {
                socket.abort();
            }
        }
    }

    /** Stops the server: SIGTERM (Karaf stops its bundles), SIGKILL after {@link #STOP_GRACE}. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        long t0 = System.nanoTime();
        ProcessTree.terminate(process.toHandle(), STOP_GRACE);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("[harness] Junction stopped (exit status %s) in %.1f s; its output: %s%n",
                process.isAlive() ? "?" : String.valueOf(process.exitValue()), (System.nanoTime() - t0) / 1e9, log);
    }

    /** Prints the end of the console output and of Karaf's log (for failures). */
    void printLogTails() {
        if (log == null) {
            return;
        }
        printTail(log, 60);
        printTail(serverDir.resolve("data/log/karaf.log"), 80);
    }

    private static void printTail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return;
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            System.out.println("[harness] ---- last " + lines + " lines of " + file + " ----");
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> System.out.println("  | " + l));
        } catch (IOException e) {
            System.out.println("[harness] cannot read " + file + ": " + e);
        }
    }

    // ---- assembly preparation -------------------------------------------------------------------------------

    private static final Pattern FIXTURE_PORT = Pattern.compile("@port:([A-Z0-9_]+)@");

    /**
     * Copies the test-only configurations of {@code src/test/etc} (property {@code junction.fixtures.dir}) into the
     * server's etc/, so that a suite can add listeners, realms or principals without touching this class. In each
     * file {@code @port:NAME@} becomes a free port (the same one for the same NAME in every file), passed to the
     * suites as {@code JUNCTION_PORT_NAME}, and {@code @fixtures@} the fixture directory's absolute path (for key
     * and certificate files kept beside the configurations). Returns the environment those names add.
     */
    static Map<String, String> installFixtures(Path etc) throws IOException {
        Path dir = Path.of(System.getProperty("junction.fixtures.dir", "src/test/etc")).toAbsolutePath();
        Map<String, String> env = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return env;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches(".*\\.(cfg|config|json)$")).sorted()
                    .collect(Collectors.toList());
        }
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = FIXTURE_PORT.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String key = "JUNCTION_PORT_" + m.group(1);
                while (!env.containsKey(key)) {
                    String port = String.valueOf(freePorts(1).get(0));
                    if (!env.containsValue(port)) {
                        env.put(key, port);
                    }
                }
                m.appendReplacement(out, env.get(key));
            }
            m.appendTail(out);
            String resolved = out.toString().replace("@fixtures@", dir.toString());
            Files.writeString(etc.resolve(file.getFileName()), resolved, StandardCharsets.UTF_8);
            System.out.println("[harness] fixture etc/" + file.getFileName());
        }
        return env;
    }

    /**
     * Adds {@link #SHELL_USER} with a random password in Karaf's admin group (which has the {@code ssh} role), so
     * that tests can run shell commands through {@code bin/client}. Karaf ships that group commented out.
     */
    static String addShellUser(Path users) throws IOException {
        String password = java.util.UUID.randomUUID().toString();
        String text = Files.exists(users) ? Files.readString(users, StandardCharsets.UTF_8) : "";
        StringBuilder add = new StringBuilder("\n# added by the interop harness\n");
        add.append(SHELL_USER).append(" = ").append(password).append(",_g_:admingroup\n");
        if (!Pattern.compile("(?m)^_g_\\\\:admingroup").matcher(text).find()) {
            add.append("_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        }
        Files.writeString(users, text + add, StandardCharsets.UTF_8);
        return password;
    }

    /** The directory holding bin/karaf: the given one, or one level below it (archives have a top directory). */
    static Path findKarafHome(Path assemblyDir) throws IOException {
        if (Files.isRegularFile(assemblyDir.resolve("bin/karaf"))) {
            return assemblyDir;
        }
        if (Files.isDirectory(assemblyDir)) {
            try (Stream<Path> children = Files.list(assemblyDir)) {
                List<Path> homes = children.filter(p -> Files.isRegularFile(p.resolve("bin/karaf")))
                        .sorted().collect(Collectors.toList());
                if (homes.size() == 1) {
                    return homes.get(0);
                }
                if (homes.size() > 1) {
                    throw new IllegalStateException("more than one Karaf assembly under " + assemblyDir + ": " + homes);
                }
            }
        }
        throw new IllegalStateException("no Karaf assembly (bin/karaf) under " + assemblyDir
                + "; build module karaf-distribution first (mvn install -DskipTests)");
    }

    /** Fresh copy (permissions kept); data/ is left out so Karaf starts from a clean cache. */
    static void copyTree(Path from, Path to) throws IOException {
        deleteTree(to);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.toString().equals("data")) {
                    Files.createDirectories(to.resolve(rel));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    /**
     * Every port {@link #freePorts} handed out in this JVM: servers started in parallel (ClusterNodes) pick their
     * ports before any of them binds, and the kernel may offer a port again once the probe socket is closed.
     */
    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    /** {@code n} distinct ports that were free a moment ago (bound to port 0 on 127.0.0.1 together). */
    static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            synchronized (HANDED_OUT) {
                while (ports.size() < n) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    s.setReuseAddress(true);
                    sockets.add(s); // kept open until all n are found, so the kernel offers n different ports
                    if (HANDED_OUT.add(s.getLocalPort())) {
                        ports.add(s.getLocalPort());
                    }
                }
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    static Optional<String> readKey(Path cfg, String key) throws IOException {
        Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:]\\s*(.*?)\\s*$");
        for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
            Matcher m = p.matcher(line);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * Sets {@code key = value} in a .cfg file. With {@code required}, the key must exist (else an exception); without,
     * only a plain numeric value is replaced (values such as {@code ${env:JUNCTION_SSH_PORT:-8101}} stay).
     */
    static void setKey(Path cfg, String key, String value, boolean required) throws IOException {
        if (!Files.exists(cfg)) {
            if (required) {
                throw new IllegalStateException(cfg + " does not exist");
            }
            return;
        }
        Pattern p = Pattern.compile("^(\\s*" + Pattern.quote(key) + "\\s*[=:]\\s*)(.*?)\\s*$");
        List<String> lines = Files.readAllLines(cfg, StandardCharsets.UTF_8);
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = p.matcher(lines.get(i));
            if (m.matches()) {
                found = true;
                if (required || m.group(2).matches("\\d+")) {
                    lines.set(i, m.group(1) + value);
                }
            }
        }
        if (!found && required) {
            throw new IllegalStateException(cfg + " has no " + key + " line");
        }
        Files.write(cfg, lines, StandardCharsets.UTF_8);
    }

    private static String listNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "(missing)";
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(", "));
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
