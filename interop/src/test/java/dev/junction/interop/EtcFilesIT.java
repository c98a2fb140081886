package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4 item 3: files in the running assembly's etc/ are the configuration. A WebSocket transport file dropped,
 * edited and deleted opens, moves and closes its listener live, in each form Karaf reads: a plain {@code .cfg}
 * (where {@code serializers = json,msgpack} arrives as one string), a {@code .cfg} in typed syntax (a real list),
 * a Felix {@code .config} and a JSON file (Karaf 4.4 reads {@code <pid>.cfg.json}). In every form the list is honoured: MessagePack is offered, CBOR
 * (installed in the assembly) is not. A malformed file gets one log line naming file, key and problem, and the
 * other listeners keep serving.
 */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EtcFilesIT {
    private static final Duration LIVE = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private JunctionServer server;
    private Path etc;
    private Path written;

    @BeforeEach
    void setUp(JunctionServer server) {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.serverDir() != null, "needs the harness's own server");
        this.server = server;
        this.etc = server.serverDir().resolve("etc");
    }

    @AfterEach
    void removeFile() throws IOException {
        if (written != null) {
            Files.deleteIfExists(written);
        }
    }

    @Test
    void plainCfgWithTheListAsOneString() throws Exception {
        dropMoveDelete("dev.junction.transport.websocket-etcplain.cfg", port -> String.join("\n",
                "# a plain Karaf .cfg: every value is a string",
                "endpoint.port = " + port,
                "endpoint.interface = 127.0.0.1",
                "serializers = json,msgpack", ""));
    }

    @Test
    void typedCfgWithARealList() throws Exception {
        dropMoveDelete("dev.junction.transport.websocket-etctyped.cfg", port -> String.join("\n",
                "# typed syntax throughout, so Karaf reads types",
                "endpoint.port = I\"" + port + "\"",
                "endpoint.interface = \"127.0.0.1\"",
                "serializers = [ \"json\", \"msgpack\" ]", ""));
    }

    @Test
    void felixConfigFile() throws Exception {
        dropMoveDelete("dev.junction.transport.websocket-etcconfig.config", port -> String.join("\n",
                "endpoint.port=I\"" + port + "\"",
                "endpoint.interface=\"127.0.0.1\"",
                "serializers=[\"json\",\"msgpack\"]", ""));
    }

    @Test
    void jsonFile() throws Exception {
        dropMoveDelete("dev.junction.transport.websocket-etcjson.cfg.json", port -> "{\n"
                + "  \"endpoint.port\": " + port + ",\n"
                + "  \"endpoint.interface\": \"127.0.0.1\",\n"
                + "  \"serializers\": [\"json\", \"msgpack\"]\n}\n");
    }

    @Test
    void aMalformedFileIsOneLogLineAndNothingElseChanges() throws Exception {
        // A listener from a good file, with a session: it must outlive the bad file (and so must the default).
        int goodPort = JunctionServer.freePorts(1).get(0);
        Path good = etc.resolve("dev.junction.transport.websocket-etcgood.cfg");
        try {
            put(good, "endpoint.port = " + goodPort + "\nendpoint.interface = 127.0.0.1\n");
            ShellCommandsIT.RawSession steady = awaitJoin(goodPort);
            try {
                Path log = server.serverDir().resolve("data/log/karaf.log");
                written = etc.resolve("dev.junction.transport.websocket-etcbad.cfg");
                put(written, "endpoint.port = eighty\nendpoint.interface = 127.0.0.1\n");
                String line = Poll.until("the refusal of " + written + " in " + log, LIVE, Duration.ofMillis(250),
                        () -> lines(log).stream().filter(l -> l.contains(written.getFileName().toString()))
                                .filter(l -> l.contains("refused")).findFirst());
                assertThat(line).contains("endpoint.port", "eighty", "dev.junction.transport.websocket");
                // the refusal stays visible: the console's WAMP page shows the transport FAILED with its last error
                String transports = consoleTransports();
                assertThat(transports).containsPattern("<td>etcbad</td><td>websocket</td><td>FAILED</td>.*"
                        + "endpoint\\.port=eighty");
                assertThat(transports).containsPattern("<td>etcgood</td><td>websocket</td><td>RUNNING</td>");

                // Nothing else changed: the session on the good listener still routes, the default still welcomes.
                assertThat(steady.countSessions()).isPositive();
                ShellCommandsIT.RawSession fresh = ShellCommandsIT.RawSession.join(server.url(), server.realm());
                fresh.socket.abort();
                assertThat(lines(log).stream().filter(l -> l.contains(written.getFileName().toString()))
                        .filter(l -> l.contains("refused")).count()).as("one line for one bad file").isEqualTo(1);

                // Fixed in place, the same file opens its listener (positive control: it was the value).
                int fixedPort = JunctionServer.freePorts(1).get(0);
                put(written, "endpoint.port = " + fixedPort + "\nendpoint.interface = 127.0.0.1\n");
                awaitJoin(fixedPort).socket.abort();
                assertThat(steady.countSessions()).isPositive();
            } finally {
                steady.socket.abort();
            }
        } finally {
            Files.deleteIfExists(good);
        }
    }

    /**
     * A file with broken syntax: a typed {@code .config} with an unterminated value (Karaf then reads the whole
     * file as plain strings, and Junction refuses {@code endpoint.port} naming key, value and file) and a JSON file
     * cut short (FileInstall logs the file as failed). No listener opens, the default transport serves on, and the
     * same file made well-formed opens its listener (positive control).
     */
    @Test
    void anUnparsableFileIsLoggedByNameAndChangesNothing() throws Exception {
        Path log = server.serverDir().resolve("data/log/karaf.log");
        for (String name : List.of("dev.junction.transport.websocket-etcbroken.config",
                "dev.junction.transport.websocket-etcbroken2.cfg.json")) {
            written = etc.resolve(name);
            int port = JunctionServer.freePorts(1).get(0);
            boolean json = name.endsWith(".json");
            put(written, json ? "{ \"endpoint.port\": " + port + ",\n  \"endpoint.interface\": "
                    : "endpoint.port=I\"" + port + "\nendpoint.interface=\"127.0.0.1\"\n");
            String line = Poll.until(name + " in " + log, LIVE, Duration.ofMillis(250),
                    () -> lines(log).stream().filter(l -> l.contains(name))
                            .filter(l -> l.contains(" refused: ") || l.contains("Failed to install")).findFirst());
            System.out.println("[etc] " + line);
            if (json) { // the JSON reader gives up: FileInstall names the file (the parser's message follows it)
                assertThat(line).contains("Failed to install artifact");
            } else { // not typed throughout, so read as plain strings: Junction refuses the value, naming the key
                assertThat(line).contains("refused: endpoint.port=I\"" + port);
            }
            assertThat(listening(port)).isFalse();
            ShellCommandsIT.RawSession.join(server.url(), server.realm()).socket.abort();

            put(written, json ? "{ \"endpoint.port\": " + port + ", \"endpoint.interface\": \"127.0.0.1\" }\n"
                    : "endpoint.port=I\"" + port + "\"\nendpoint.interface=\"127.0.0.1\"\n");
            awaitJoin(port).socket.abort();
            Files.delete(written);
            written = null;
            Poll.until("port " + port + " closed", LIVE, Duration.ofMillis(250),
                    () -> listening(port) ? Optional.empty() : Optional.of(true));
        }
    }

    /**
     * Drops the file (listener opens, honouring its serializer list), rewrites it with another port (the listener
     * moves: the old port closes), deletes it (the listener closes), with the default transport serving throughout.
     */
    private void dropMoveDelete(String name, IntFunction<String> content) throws Exception {
        List<Integer> ports = JunctionServer.freePorts(2);
        written = etc.resolve(name);

        put(written, content.apply(ports.get(0)));
        awaitJoin(ports.get(0)).socket.abort();
        assertThat(offers(ports.get(0), "wamp.2.msgpack")).as("msgpack is in the list").isTrue();
        assertThat(offers(ports.get(0), "wamp.2.cbor")).as("cbor is installed but not in the list").isFalse();

        put(written, content.apply(ports.get(1)));
        awaitJoin(ports.get(1)).socket.abort();
        Poll.until("port " + ports.get(0) + " closed after the move", LIVE, Duration.ofMillis(250),
                () -> listening(ports.get(0)) ? Optional.empty() : Optional.of(true));
        assertThat(offers(ports.get(1), "wamp.2.cbor")).isFalse();

        Files.delete(written);
        written = null;
        Poll.until("port " + ports.get(1) + " closed after the delete", LIVE, Duration.ofMillis(250),
                () -> listening(ports.get(1)) ? Optional.empty() : Optional.of(true));
        ShellCommandsIT.RawSession.join(server.url(), server.realm()).socket.abort(); // the default is untouched
    }

    /** The transports table of the web console's WAMP page (as the test user of the harness). */
    private String consoleTransports() throws Exception {
        String login = JunctionServer.SHELL_USER + ":" + server.shellPassword();
        java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.httpPort() + "/system/console/wamp")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        login.getBytes(StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        int start = body.indexOf("id='wamp-transports'");
        assertThat(start).isNotNegative();
        return body.substring(start, body.indexOf("</table>", start));
    }

    /** Writes the file whole (a temporary file outside etc/, then a rename), so FileInstall never reads half of it. */
    private void put(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(server.serverDir().resolve("data"), "etc-", ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ShellCommandsIT.RawSession awaitJoin(int port) throws Exception {
        String url = "ws://127.0.0.1:" + port + "/ws";
        return Poll.until("WELCOME on " + url, LIVE, Duration.ofMillis(250), () -> {
            try {
                return Optional.of(ShellCommandsIT.RawSession.join(url, server.realm()));
            } catch (Exception | AssertionError e) {
                return Optional.empty();
            }
        });
    }

    /** Whether a WebSocket handshake offering only {@code subprotocol} is accepted with it. */
    private boolean offers(int port, String subprotocol) throws InterruptedException {
        CompletableFuture<WebSocket> ws = http.newWebSocketBuilder().subprotocols(subprotocol)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { });
        try {
            WebSocket socket = ws.get(10, TimeUnit.SECONDS);
            socket.abort();
            return subprotocol.equals(socket.getSubprotocol());
        } catch (ExecutionException e) {
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no handshake answer on port " + port, e);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
