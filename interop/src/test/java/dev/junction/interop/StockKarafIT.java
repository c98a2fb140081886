package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import ws.wamp.jawampa.WampSerialization;

/**
 * Junction installed into a stock Apache Karaf (the apache-karaf tar.gz from Maven Central, unpacked by the build),
 * as a user would: {@code feature:repo-add mvn:dev.junction/junction-features/<version>/xml/features} and
 * {@code feature:install junction}, typed into Karaf's shell over SSH. Maven URLs resolve from the repository this
 * build staged: the Junction assembly's {@code system/} directory (the features XML, our bundles and their
 * libraries), added to the stock Karaf's pax-url default repositories; nothing comes from a Maven repository that
 * {@code mvn verify} did not fill. A real client (jawampa) then gets WELCOME, and the shell commands work there too.
 *
 * <p>Hot install is tested here too, with a session connected: {@code feature:install} / {@code feature:uninstall}
 * of a serializer ({@code junction-serializer-msgpack}), of a transport ({@code junction-transport-rawsocket}) and
 * of {@code junction-metrics}; the session stays and the router's, Jetty's and the transports' bundle ids do not
 * change (Karaf refreshed none of them). (In the Junction assembly the serializers are boot features, which Karaf
 * 4.4 installs as one generated feature, so {@code feature:uninstall} of one of them answers "not installed" there.)
 */
@ExtendWith(PrintingWatcher.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS) // ~25 bin/client JVMs, each 3-10 s on a loaded machine
class StockKarafIT {
    private static Path home;
    private static Process karaf;
    private static int sshPort;
    private static int wsPort;
    private static String password;
    private static int httpPort;

    @BeforeAll
    static void startStockKaraf() throws Exception {
        String stock = System.getProperty("junction.stock.karaf.dir");
        org.junit.jupiter.api.Assumptions.assumeTrue(stock != null && !stock.isBlank(), "no stock Karaf unpacked");
        Path staged = JunctionServer.findKarafHome(Path.of(System.getProperty("junction.assembly.dir")))
                .resolve("system");
        home = Path.of(System.getProperty("junction.results.dir"), "stock-karaf-run");
        JunctionServer.copyTree(JunctionServer.findKarafHome(Path.of(stock)), home);
        Path etc = home.resolve("etc");

        List<Integer> ports = JunctionServer.freePorts(5);
        sshPort = ports.get(0);
        wsPort = ports.get(3);
        JunctionServer.setKey(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(sshPort), true);
        JunctionServer.setKey(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1", true);
        JunctionServer.setKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort",
                String.valueOf(ports.get(1)), true);
        JunctionServer.setKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort",
                String.valueOf(ports.get(2)), true);
        JunctionServer.setKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryHost", "127.0.0.1", true);
        JunctionServer.setKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerHost", "127.0.0.1", true);
        password = JunctionServer.addShellUser(etc.resolve("users.properties"));
        // The staged repository first; Karaf's own system/ stays for its standard features.
        Path mvnCfg = etc.resolve("org.ops4j.pax.url.mvn.cfg");
        String mvn = Files.readString(mvnCfg, StandardCharsets.UTF_8);
        mvn = mvn.replaceFirst("(?m)^(org\\.ops4j\\.pax\\.url\\.mvn\\.defaultRepositories\\s*=\\s*\\\\?)",
                "$1\n    " + staged.toUri().toString().replace("\\", "/") + "@id=junction.staged@snapshots, \\\\");
        // ... and nothing else: no remote repository, and an empty local one instead of ~/.m2, so that every
        // Junction artifact comes from what this build staged (and Karaf's own from its system/).
        mvn = mvn.replaceFirst("(?m)^org\\.ops4j\\.pax\\.url\\.mvn\\.repositories\\s*=(?:.*\\\\\\R)*.*$",
                "org.ops4j.pax.url.mvn.repositories =");
        assertThat(mvn).containsPattern("(?m)^org\\.ops4j\\.pax\\.url\\.mvn\\.repositories =$")
                .doesNotContainPattern("(?m)^\\s+https://");
        Path noLocal = Files.createDirectories(home.resolve("empty-local-repository"));
        mvn += "\norg.ops4j.pax.url.mvn.localRepository = " + noLocal.toString().replace("\\", "/") + "\n";
        Files.writeString(mvnCfg, mvn, StandardCharsets.UTF_8);
        // What a user drops into etc/: one listener, one realm (the assembly's shipped defaults, on a free port).
        Files.writeString(etc.resolve("dev.junction.transport.websocket-default.cfg"),
                "endpoint.port = " + wsPort + "\nendpoint.interface = 127.0.0.1\n"); // every installed serializer
        Files.writeString(etc.resolve("dev.junction.realm-realm1.cfg"), "name = realm1\n");

        // Karaf's own HTTP server, once junction-webconsole brings it: a free port, loopback only.
        httpPort = ports.get(4);
        Files.writeString(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + httpPort
                + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n");

        Path log = Path.of(System.getProperty("junction.results.dir"), "stock-karaf.log");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", home.resolve("bin/karaf").toString(), "run")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(new File("/dev/null"));
        pb.environment().keySet().removeIf(k -> k.startsWith("KARAF_") || k.startsWith("JUNCTION_"));
        pb.environment().put("KARAF_EXEC", "exec");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        System.out.println("[stock] starting stock Karaf in " + home + " (SSH " + sshPort + "), output in " + log);
        karaf = pb.start();
    }

    @AfterAll
    static void stop() {
        if (karaf != null) {
            ProcessTree.terminate(karaf.toHandle(), Duration.ofSeconds(30));
        }
    }

    @Test
    void featureRepoAddAndInstallGiveAWorkingRouter() throws Exception {
        String version = System.getProperty("junction.version");
        String before = Poll.until("the stock Karaf's shell", Duration.ofSeconds(120), Duration.ofSeconds(1),
                () -> shell("feature:list -i").filter(o -> o.contains("shell")));
        assertThat(before).as("a stock Karaf: no Junction yet").doesNotContain("junction");

        String repo = "mvn:dev.junction/junction-features/" + version + "/xml/features";
        System.out.println(shell("feature:repo-add " + repo).orElseThrow());
        String install = shell("feature:install junction").orElseThrow();
        assertThat(install).doesNotContain("Error");
        String installed = shell("feature:list -i").orElseThrow();
        assertThat(installed).contains("junction ", "junction-core", "junction-transport-websocket",
                "junction-serializer-json", "junction-shell");

        String url = "ws://127.0.0.1:" + wsPort + "/ws";
        JawampaIT.Session client = Poll.until("WELCOME on " + url, Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> {
                    try {
                        return Optional.of(JawampaIT.Session.open(url, "realm1", WampSerialization.Json));
                    } catch (Exception e) {
                        return Optional.empty();
                    }
                });
        try {
            long id = client.state.sessionId();
            assertThat(id).isPositive();
            String sessions = Poll.until("junction:sessions", Duration.ofSeconds(30), Duration.ofSeconds(1),
                    () -> shell("junction:sessions").filter(o -> o.contains(String.valueOf(id))));
            assertThat(sessions).contains("realm1", "json");
            // Hot install: MessagePack is not installed yet (a msgpack client is refused); feature:install adds it
            // and feature:uninstall removes it again, with the JSON session connected and nothing refreshed.
            long router = bundleId("dev.junction.router");
            long jetty = bundleId("org.eclipse.jetty.server", "12.");
            long transport = bundleId("dev.junction.transport.websocket");
            assertThat(msgpackJoins(url)).as("msgpack before feature:install").isFalse();
            assertThat(shell("feature:install junction-serializer-msgpack")).isPresent();
            Poll.until("a MessagePack client accepted", Duration.ofSeconds(30), Duration.ofMillis(500),
                    () -> msgpackJoins(url) ? Optional.of(true) : Optional.empty());
            assertThat(sessionCount(client)).as("the JSON session still routes").isPositive();
            assertThat(shell("feature:uninstall junction-serializer-msgpack")).isPresent();
            Poll.until("a MessagePack client refused", Duration.ofSeconds(30), Duration.ofMillis(500),
                    () -> msgpackJoins(url) ? Optional.empty() : Optional.of(true));
            assertThat(sessionCount(client)).as("the JSON session still routes").isPositive();
            assertThat(shell("junction:sessions").orElseThrow()).contains(String.valueOf(id));
            assertThat(List.of(bundleId("dev.junction.router"), bundleId("org.eclipse.jetty.server", "12."),
                    bundleId("dev.junction.transport.websocket"))).as("no bundle was refreshed")
                    .containsExactly(router, jetty, transport);

            // Hot install of a transport: a RawSocket listener configured in etc/ opens with feature:install
            // junction-transport-rawsocket and closes with feature:uninstall; the JSON WebSocket session stays, and
            // neither the router, Jetty, the shared endpoint code nor the WebSocket transport is refreshed.
            long endpoint = bundleId("dev.junction.transport.endpoint");
            int rawPort = JunctionServer.freePorts(1).get(0);
            Files.writeString(home.resolve("etc/dev.junction.transport.rawsocket-hot.cfg"),
                    "endpoint.port = " + rawPort + "\nendpoint.interface = 127.0.0.1\n");
            assertThat(rawSocketJoins(rawPort)).as("RawSocket before feature:install").isFalse();
            assertThat(shell("feature:install junction-transport-rawsocket")).isPresent();
            Poll.until("a RawSocket WELCOME on " + rawPort, Duration.ofSeconds(60), Duration.ofMillis(500),
                    () -> rawSocketJoins(rawPort) ? Optional.of(true) : Optional.empty());
            assertThat(sessionCount(client)).as("the JSON session still routes").isPositive();
            assertThat(shell("junction:transports").orElseThrow()).contains("rawsocket", "hot");
            assertThat(shell("feature:uninstall junction-transport-rawsocket")).isPresent();
            Poll.until("RawSocket port " + rawPort + " closed", Duration.ofSeconds(30), Duration.ofMillis(500),
                    () -> rawSocketJoins(rawPort) ? Optional.empty() : Optional.of(true));
            assertThat(sessionCount(client)).as("the JSON session still routes").isPositive();
            assertThat(shell("junction:sessions").orElseThrow()).contains(String.valueOf(id));
            assertThat(List.of(bundleId("dev.junction.router"), bundleId("org.eclipse.jetty.server", "12."),
                    bundleId("dev.junction.transport.websocket"), bundleId("dev.junction.transport.endpoint")))
                    .as("no bundle was refreshed").containsExactly(router, jetty, transport, endpoint);

            // Hot install of the metrics: the Prometheus endpoint is off until configured, then scrapes the session
            // above; uninstalling takes it away, again with nothing refreshed.
            int metricsPort = JunctionServer.freePorts(1).get(0);
            URI scrape = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
            assertThat(shell("feature:install junction-metrics")).isPresent();
            assertThat(shell("config:property-set -p dev.junction.metrics port " + metricsPort)).isPresent();
            assertThat(shell("config:property-set -p dev.junction.metrics enabled true")).isPresent();
            String text = Poll.until("the scrape at " + scrape, Duration.ofSeconds(60), Duration.ofMillis(500),
                    () -> get(scrape).filter(t -> t.contains("junction_sessions{realm=\"realm1\"}")));
            assertThat(text).contains("jvm_memory_used_bytes");
            assertThat(shell("feature:uninstall junction-metrics")).isPresent();
            Poll.until("the endpoint gone", Duration.ofSeconds(30), Duration.ofMillis(500),
                    () -> get(scrape).isEmpty() ? Optional.of(true) : Optional.empty());
            assertThat(sessionCount(client)).as("the JSON session still routes").isPositive();
            assertThat(List.of(bundleId("dev.junction.router"), bundleId("org.eclipse.jetty.server", "12."),
                    bundleId("dev.junction.transport.websocket"))).as("no bundle was refreshed")
                    .containsExactly(router, jetty, transport);

            // Karaf's web console (pax-web on Jetty 9.4, Felix Web Console) beside Junction's Jetty 12: the WAMP page
            // lists the session, which stays, and nothing of Junction was refreshed.
            assertThat(shell("feature:install junction-webconsole")).isPresent();
            URI page = URI.create("http://127.0.0.1:" + httpPort + "/system/console/wamp");
            String html = Poll.until("the WAMP page at " + page, Duration.ofSeconds(90), Duration.ofSeconds(1),
                    () -> get(page, JunctionServer.SHELL_USER + ":" + password)
                            .filter(b -> b.contains(String.valueOf(id))));
            assertThat(html).contains("wamp-sessions", "realm1");
            assertThat(get(page, null)).as("no page without a login").isEmpty();
            assertThat(sessionCount(client)).as("the JSON session still routes").isPositive();
            assertThat(List.of(bundleId("dev.junction.router"), bundleId("org.eclipse.jetty.server", "12."),
                    bundleId("dev.junction.transport.websocket"))).as("no bundle was refreshed")
                    .containsExactly(router, jetty, transport);
        } finally {
            client.close();
        }
    }

    /** The body of a GET answered 200, or empty (refused, not listening, another status). */
    private static Optional<String> get(URI uri) {
        return get(uri, null);
    }

    /** As {@link #get(URI)}, with HTTP basic authentication as {@code user:password} unless null. */
    private static Optional<String> get(URI uri, String login) {
        try {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(20));
            if (login != null) {
                request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString(login.getBytes(StandardCharsets.UTF_8)));
            }
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder()
                    .proxy(java.net.http.HttpClient.Builder.NO_PROXY).build()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean msgpackJoins(String url) {
        try {
            JawampaIT.Session.open(url, "realm1", WampSerialization.MessagePack).close();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether a WAMP session joins realm1 over RawSocket (JSON) on {@code port}: the 4-byte handshake, HELLO, and
     * a WELCOME back.
     */
    private static boolean rawSocketJoins(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            var out = s.getOutputStream();
            var in = new java.io.DataInputStream(s.getInputStream());
            out.write(new byte[] {0x7F, (byte) 0xF1, 0, 0}); // up to 2^24 bytes, serializer 1 (JSON)
            byte[] answer = new byte[4];
            in.readFully(answer);
            if (answer[0] != 0x7F || (answer[1] & 0x0F) != 1) {
                return false;
            }
            byte[] hello = "[1,\"realm1\",{\"roles\":{\"caller\":{}}}]".getBytes(StandardCharsets.UTF_8);
            out.write(new byte[] {0, 0, (byte) (hello.length >> 8), (byte) hello.length});
            out.write(hello);
            byte[] header = new byte[4];
            in.readFully(header);
            byte[] message = new byte[((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF)];
            in.readFully(message);
            return header[0] == 0 && new String(message, StandardCharsets.UTF_8).startsWith("[2,");
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code wamp.session.count} through the client: proves its session still routes. */
    private static int sessionCount(JawampaIT.Session client) throws Exception {
        return client.call("wamp.session.count", JawampaIT.F.arrayNode(), JawampaIT.F.objectNode()).arguments()
                .get(0).asInt();
    }

    /** The id of the bundle with this symbolic name, from {@code bundle:list -s -t 0}. */
    private static long bundleId(String symbolicName) {
        return bundleId(symbolicName, "");
    }

    /**
     * The id of the bundle with this symbolic name whose version starts with {@code versionPrefix} (pax-web's Jetty
     * 9.4 and Junction's Jetty 12 share their symbolic names).
     */
    private static long bundleId(String symbolicName, String versionPrefix) {
        String list = shell("bundle:list -s -t 0").orElseThrow();
        for (List<String> row : KarafShell.rows(list)) {
            if (row.get(row.size() - 1).equals(symbolicName) && row.get(0).matches("\\d+")
                    && row.get(row.size() - 2).startsWith(versionPrefix)) {
                return Long.parseLong(row.get(0));
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " in\n" + list);
    }

    /** One command through bin/client; empty while the SSH console is not up yet. */
    private static Optional<String> shell(String command) {
        try {
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", home.resolve("bin/client").toString(), "-h",
                    "127.0.0.1", "-a", String.valueOf(sshPort), "-u", JunctionServer.SHELL_USER, "-p", password, "-b"));
            KarafShell.Output out = KarafShell.run(cmd, home, command);
            return out.status() == 0 && !out.text().contains("Connection refused") ? Optional.of(out.text())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
