package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import ws.wamp.jawampa.WampSerialization;

/**
 * The junction:* Karaf shell commands, run over SSH with the assembly's own {@code bin/client}, against sessions
 * opened by real clients: jawampa (MessagePack) subscribes and registers, a plain JSON WebSocket session is killed.
 */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShellCommandsIT {
    private JunctionServer server;
    private KarafShell shell;
    private JawampaIT.Session jawampa;
    private RawSession raw;

    @BeforeEach
    void setUp(JunctionServer server) {
        this.server = server;
        org.junit.jupiter.api.Assumptions.assumeTrue(server.serverDir() != null, "needs the harness's own server");
        this.shell = new KarafShell(server);
    }

    @AfterEach
    void tearDown() {
        if (jawampa != null) {
            jawampa.close();
        }
        if (raw != null) {
            raw.socket.abort();
        }
    }

    @Test
    void tablesShowWhatClientsDoAndKillEndsOneSession() throws Exception {
        // the first test after the server came up: on a loaded machine jawampa's first connection can time out
        jawampa = Poll.until("jawampa WELCOME", Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
            try {
                return Optional.of(JawampaIT.Session.open(server.url(), server.realm(),
                        WampSerialization.MessagePack));
            } catch (Exception e) {
                return Optional.empty();
            }
        });
        long jawampaId = jawampa.state.sessionId();
        jawampa.subscribe("com.example.ops.topic");
        jawampa.register("com.example.ops.proc", r -> r.reply(null, null));
        raw = RawSession.join(server.url(), server.realm());

        // Subscribing and registering are asynchronous in jawampa: poll the tables until both show.
        String subs = poll("junction:subscriptions " + server.realm(), "com.example.ops.topic");
        assertThat(row(subs, "com.example.ops.topic")).contains(server.realm(), "exact", String.valueOf(jawampaId));
        String regs = poll("junction:registrations", "com.example.ops.proc");
        assertThat(row(regs, "com.example.ops.proc")).contains(server.realm(), "exact", "single",
                String.valueOf(jawampaId));

        String sessions = shell.run("junction:sessions " + server.realm()).text();
        assertThat(row(sessions, String.valueOf(jawampaId))).contains(server.realm(), "anonymous", "default",
                "msgpack");
        assertThat(row(sessions, String.valueOf(raw.id))).contains(server.realm(), "anonymous", "default", "json");
        assertThat(row(sessions, String.valueOf(raw.id)).stream().anyMatch(c -> c.startsWith("tcp4:127.0.0.1:")))
                .isTrue();
        assertThat(shell.run("junction:sessions no.such.realm").text()).doesNotContain(String.valueOf(raw.id));

        String realms = shell.run("junction:realms").text();
        assertThat(row(realms, server.realm())).contains("on", "strict");

        String transports = shell.run("junction:transports").text();
        assertThat(row(transports, "default")).contains("websocket", "RUNNING");
        // the serializers the default transport offers: every installed one (json, msgpack, cbor in the assembly)
        assertThat(row(transports, "default").stream().anyMatch(c -> c.startsWith("json, msgpack"))).isTrue();
        int port = URI.create(server.url()).getPort();
        assertThat(row(transports, "default").stream().anyMatch(c -> c.endsWith(":" + port))).isTrue();

        // kill: the JSON session gets GOODBYE wamp.close.killed; the jawampa session stays (positive control).
        String kill = shell.run("junction:kill " + raw.id).text();
        assertThat(kill).contains("Session " + raw.id + " killed");
        String goodbye = raw.next(Duration.ofSeconds(10));
        assertThat(goodbye).startsWith("[6,").contains("\"wamp.close.killed\"");
        raw.socket.sendText("[6,{},\"wamp.close.goodbye_and_out\"]", true);
        String after = shell.run("junction:sessions").text();
        assertThat(after).contains(String.valueOf(jawampaId)).doesNotContain(String.valueOf(raw.id));
        assertThat(shell.run("junction:kill " + raw.id).text()).contains("No joined session " + raw.id);
    }

    /**
     * In the assembly itself, a booted plugin feature is a feature of its own: {@code feature:uninstall} takes the
     * CBOR serializer away (a WebSocket client asking for wamp.2.cbor no longer gets it) and {@code feature:install}
     * brings it back, while
     * a connected JSON session keeps routing and the router's, Jetty's and the WebSocket transport's bundles keep
     * their ids (nothing else was refreshed).
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aBootedSerializerFeatureUninstallsAndInstallsLive() throws Exception {
        raw = RawSession.join(server.url(), server.realm());
        String coreBundles = coreBundleIds();
        assertThat(negotiates("wamp.2.cbor")).isTrue();
        try {
            shell.run("feature:uninstall junction-serializer-cbor");
            Poll.until("cbor no longer offered", Duration.ofSeconds(60), Duration.ofMillis(500),
                    () -> negotiates("wamp.2.cbor") ? Optional.empty() : Optional.of(true));
            assertThat(negotiates("wamp.2.msgpack")).as("the other serializers stay").isTrue();
            assertThat(raw.countSessions()).as("the JSON session still routes").isPositive();
            assertThat(coreBundleIds()).isEqualTo(coreBundles);
            assertThat(row(shell.run("junction:transports").text(), "default"))
                    .contains("json, msgpack, cbor (not installed)");
        } finally {
            shell.run("feature:install junction-serializer-cbor");
        }
        Poll.until("cbor offered again", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> negotiates("wamp.2.cbor") ? Optional.of(true) : Optional.empty());
        assertThat(raw.countSessions()).isPositive();
        assertThat(coreBundleIds()).isEqualTo(coreBundles);
        assertThat(row(shell.run("junction:transports").text(), "default")).contains("json, msgpack, cbor");
    }

    /** Whether a WebSocket client offering only {@code subprotocol} gets it from the default transport. */
    private boolean negotiates(String subprotocol) {
        try {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(subprotocol)
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(server.url()),
                            new WebSocket.Listener() { })
                    .get(20, TimeUnit.SECONDS);
            boolean got = subprotocol.equals(ws.getSubprotocol());
            ws.abort();
            return got;
        } catch (Exception e) {
            return false; // refused at the handshake
        }
    }

    /** "id symbolic-name" of the router, the Jetty servers (12 and pax-web's 9.4) and the WebSocket transport. */
    private String coreBundleIds() throws Exception {
        StringBuilder ids = new StringBuilder();
        for (String line : shell.run("bundle:list -t 0 -s").text().split("\\R")) {
            String[] cells = line.split("\\s*\\|\\s*");
            String name = cells[cells.length - 1].trim();
            if (name.equals("dev.junction.router") || name.equals("org.eclipse.jetty.server")
                    || name.equals("dev.junction.transport.websocket")) {
                ids.append(cells[0].trim()).append(' ').append(name).append('\n');
            }
        }
        assertThat(ids.toString().lines()).as("bundle:list rows").hasSizeGreaterThanOrEqualTo(3);
        return ids.toString();
    }

    @Test
    void theSessionListingCountsTheEventsDroppedForASubscriberThatStoppedReading() throws Exception {
        // Realm slowdrop (fixture): an outbound queue of 50 messages per session, policy drop.
        String realm = "slowdrop";
        String topic = "com.example.ops.flood";
        RawSession slow = RawSession.join(server.url(), realm);
        raw = slow;
        slow.socket.sendText("[32,1,{},\"" + topic + "\"]", true);
        assertThat(slow.next(Duration.ofSeconds(10))).startsWith("[33,1,");
        slow.paused = true; // asks the JDK client for no more messages: it stops reading from TCP
        RawSession publisher = RawSession.join(server.url(), realm);
        try {
            String payload = "x".repeat(4096);
            long request = 0;
            for (int batch = 0; batch < 30; batch++) { // 12 MB: more than loopback's socket buffers hold
                for (int i = 0; i < 100; i++) {
                    publisher.socket.sendText("[16," + (++request) + ",{\"acknowledge\":true},\"" + topic
                            + "\",[" + request + ",\"" + payload + "\"]]", true);
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(publisher.next(Duration.ofSeconds(30))).as("every publication is accepted")
                            .startsWith("[17,");
                }
            }
            String sessions = Poll.until("a dropped event counted for " + slow.id, Duration.ofSeconds(30),
                    Duration.ofMillis(500), () -> {
                        String out = run("junction:sessions " + realm);
                        return Long.parseLong(cell(out, String.valueOf(slow.id), "Dropped")) > 0 ? Optional.of(out)
                                : Optional.empty();
                    });
            // control: the publisher, which reads, has nothing dropped or refused
            assertThat(cell(sessions, String.valueOf(publisher.id), "Dropped")).isEqualTo("0");
            assertThat(cell(sessions, String.valueOf(publisher.id), "Refused")).isEqualTo("0");
            assertThat(Long.parseLong(cell(sessions, String.valueOf(slow.id), "Dropped"))).isLessThan(3000);
        } finally {
            publisher.socket.abort();
        }
    }

    private String run(String command) {
        try {
            return shell.run(command).text();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The cell in column {@code column} of the row that has a cell equal to {@code key}. */
    private static String cell(String table, String key, String column) {
        List<String> header = KarafShell.rows(table).stream().filter(r -> r.contains(column)).findFirst()
                .orElseThrow(() -> new AssertionError("no column " + column + " in\n" + table));
        return row(table, key).get(header.indexOf(column));
    }

    @Test
    void traceLogsOneSessionsMessagesWithTheSessionNamedAndStopsWhenSwitchedOff() throws Exception {
        raw = RawSession.join(server.url(), server.realm());
        Path log = server.serverDir().resolve("data/log/karaf.log");
        assertThat(shell.run("junction:trace " + raw.id).text()).contains("Tracing session " + raw.id);
        raw.socket.sendText("[32,1,{},\"com.example.trace.one\"]", true);
        assertThat(raw.next(Duration.ofSeconds(10))).startsWith("[33,1,");
        String traced = "in SUBSCRIBE request=1 uri=com.example.trace.one";
        String line = Poll.until(traced + " in " + log, Duration.ofSeconds(30), Duration.ofMillis(250),
                () -> logLines(log).stream().filter(l -> l.contains(traced)).findFirst());
        // the MDC fields of Karaf's log pattern name the session
        assertThat(line).contains("realm=" + server.realm(), "session=" + raw.id, "transport=default", "authid=");

        assertThat(shell.run("junction:trace " + raw.id + " off").text()).contains("is off");
        raw.socket.sendText("[32,2,{},\"com.example.trace.two\"]", true);
        assertThat(raw.next(Duration.ofSeconds(10))).startsWith("[33,2,");
        // on again, and a third SUBSCRIBE: once its line is in the log, the second's would be before it (one file,
        // written in order), and it is not
        shell.run("junction:trace " + raw.id + " on");
        raw.socket.sendText("[32,3,{},\"com.example.trace.three\"]", true);
        assertThat(raw.next(Duration.ofSeconds(10))).startsWith("[33,3,");
        Poll.until("the third SUBSCRIBE in " + log, Duration.ofSeconds(30), Duration.ofMillis(250),
                () -> logLines(log).stream().filter(l -> l.contains("uri=com.example.trace.three")).findFirst());
        assertThat(logLines(log)).noneMatch(l -> l.contains("uri=com.example.trace.two"));
        assertThat(shell.run("junction:trace 4242").text()).contains("No joined session 4242");
    }

    /**
     * Completion as at a terminal: bin/client on a pseudo-terminal (src/test/resources/shell-complete.py), a command
     * typed and TAB pressed. junction:kill completes the id of the session just joined (a random id: it can only
     * come from the router), junction:sessions offers the realm names.
     */
    @Test
    void completionOffersSessionIdsAndRealmNames() throws Exception {
        raw = RawSession.join(server.url(), server.realm());
        assertThat(complete("junction:kill ", String.valueOf(raw.id))).isZero();
        assertThat(complete("junction:sessions ", server.realm())).isZero();
    }

    private int complete(String typed, String expected) throws Exception {
        Path helper = Path.of(getClass().getResource("/shell-complete.py").toURI());
        Path client = server.serverDir().resolve("bin/client");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", helper.toString(), typed, expected, "/bin/sh",
                client.toString(), "-h", "127.0.0.1", "-a", String.valueOf(server.sshPort()), "-u",
                JunctionServer.SHELL_USER, "-p", server.shellPassword(), "-r", "30", "-d", "1")
                .directory(server.serverDir().toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("KARAF_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
        System.out.println("[shell] completion of '" + typed + "' -> exit " + p.exitValue() + "\n" + out);
        return p.exitValue();
    }

    private static List<String> logLines(Path log) {
        try {
            return Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs {@code command} until its output contains {@code expected}. */
    private String poll(String command, String expected) throws Exception {
        return Poll.until(expected + " in " + command, Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
            try {
                String out = shell.run(command).text();
                return out.contains(expected) ? Optional.of(out) : Optional.empty();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** The cells of the table row that has a cell equal to {@code key}. */
    private static List<String> row(String table, String key) {
        return KarafShell.rows(table).stream().filter(r -> r.contains(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + key + " in\n" + table));
    }

    /** A WAMP session over the JDK's WebSocket client and wamp.2.json, to see the router's GOODBYE as sent. */
    static final class RawSession implements WebSocket.Listener {
        private static final Pattern WELCOME = Pattern.compile("^\\[2,\\s*(\\d+),");
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        WebSocket socket;
        long id;
        /** When set, the session stops asking for messages, so the client stops reading from its socket. */
        volatile boolean paused;

        static RawSession join(String url, String realm) throws Exception {
            RawSession s = new RawSession();
            HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
            s.socket = http.newWebSocketBuilder().subprotocols("wamp.2.json").buildAsync(URI.create(url), s)
                    .get(10, TimeUnit.SECONDS);
            s.socket.sendText("[1,\"" + realm + "\",{\"roles\":{\"subscriber\":{},\"publisher\":{},\"caller\":{}}}]",
                    true);
            String welcome = s.next(Duration.ofSeconds(10));
            Matcher m = WELCOME.matcher(welcome);
            assertThat(m.find()).as("WELCOME: " + welcome).isTrue();
            s.id = Long.parseLong(m.group(1));
            return s;
        }

        /** Subscribes to {@code topic} and waits for SUBSCRIBED. */
        void subscribe(String topic) throws InterruptedException {
            socket.sendText("[32," + (++request) + ",{},\"" + topic + "\"]", true);
            assertThat(next(Duration.ofSeconds(30))).startsWith("[33," + request + ",");
        }

        /** Calls {@code wamp.session.count}: proves the session still routes. */
        int countSessions() throws InterruptedException {
            socket.sendText("[48," + (++request) + ",{},\"wamp.session.count\",[]]", true);
            String result = next(Duration.ofSeconds(30)); // generous: a loaded CI machine can stall a JVM for seconds
            Matcher m = Pattern.compile("^\\[50,\\s*" + request + ",\\s*\\{\\},\\s*\\[(\\d+)\\]").matcher(result);
            assertThat(m.find()).as("RESULT: " + result).isTrue();
            return Integer.parseInt(m.group(1));
        }

        private long request;

        String next(Duration timeout) throws InterruptedException {
            String m = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("a message within " + timeout).isNotNull();
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                inbox.add(text.toString());
                text.setLength(0);
            }
            if (!paused) {
                webSocket.request(1);
            }
            return null;
        }
    }

    @Test
    void crossbarCheckPrintsTheConfigurationsAndWhatCannotBeMapped() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("junction.fixtures.dir", "src/test/etc"))
                .toAbsolutePath().resolve("crossbar/config.json");
        KarafShell.Output out = shell.run("junction:crossbar-check " + file);
        assertThat(out.text()).as(out.text())
                .contains("dev.junction.realm~cb_check_realm_cbrealm")
                .contains("dev.junction.realm.role~cb_check_role_cbrealm_frontend")
                .contains("dev.junction.auth.principal~cb_check_cbws_ticket_joe")
                .contains("ticket = ********")
                .contains("UNMAPPED workers[0].transports[1]: a transport of type 'mqtt' has no counterpart")
                .contains("UNMAPPED workers[0].components[0]")
                .doesNotContain("joe-crossbar-ticket");
        // control: a file that does not exist is one error, not a failed command
        assertThat(shell.run("junction:crossbar-check /nonexistent/config.json").text())
                .contains("ERROR (file): cannot read /nonexistent/config.json");
    }
}
