package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Karaf's web console in the assembly, over HTTP as a browser would use it: the login, the WAMP page listing a
 * real session, its Kill button (and the refusal of a POST without the page's token), and the Configuration page:
 * a realm and a second WebSocket transport created through the console's Metatype form come alive at once and get
 * their files in etc/ (the files are the source of truth), and an edit in the console is written to the file.
 */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebConsoleIT {
    private static final String NEW_CONFIG = "%5BTemporary%20PID%20replaced%20by%20real%20PID%20upon%20save%5D";
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private JunctionServer server;
    private String console;
    private ShellCommandsIT.RawSession raw;

    @BeforeEach
    void setUp(JunctionServer server) {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.serverDir() != null, "needs the harness's own server");
        this.server = server;
        this.console = "http://127.0.0.1:" + server.httpPort() + "/system/console";
    }

    @AfterEach
    void tearDown() {
        if (raw != null) {
            raw.socket.abort();
        }
    }

    @Test
    void wampPageListsSessionsAndItsButtonKillsOne() throws Exception {
        raw = ShellCommandsIT.RawSession.join(server.url(), server.realm());
        HttpResponse<String> anonymous = Poll.until("the web console", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> send(HttpRequest.newBuilder(URI.create(console + "/wamp")).GET(), false));
        assertThat(anonymous.statusCode()).as("no login, no page").isEqualTo(401);

        // a subscription of the JSON session, a registration of a jawampa session: both tables must list them
        raw.subscribe("com.example.console.topic");
        JawampaIT.Session callee = JawampaIT.Session.open(server.url(), server.realm(),
                ws.wamp.jawampa.WampSerialization.Json);
        String page;
        try {
            callee.register("com.example.console.proc", r -> r.reply(null, null));
            page = Poll.until("the registration on the WAMP page", Duration.ofSeconds(30), Duration.ofMillis(500),
                    () -> send(HttpRequest.newBuilder(URI.create(console + "/wamp")).GET(), true)
                            .map(HttpResponse::body).filter(b -> b.contains("com.example.console.proc")));
            assertThat(table(page, "wamp-registrations")).contains("com.example.console.proc",
                    String.valueOf(callee.state.sessionId()));
        } finally {
            callee.close();
        }
        assertThat(table(page, "wamp-subscriptions")).contains("com.example.console.topic", String.valueOf(raw.id));
        assertThat(table(page, "wamp-realms")).contains("<td>" + server.realm() + "</td>");
        String sessions = table(page, "wamp-sessions");
        assertThat(sessions).contains("<td>" + raw.id + "</td>", "<td>" + server.realm() + "</td>", "<td>json</td>",
                "<td>anonymous</td>", "<td>default</td>", "tcp4:127.0.0.1:");
        assertThat(table(page, "wamp-transports")).contains("<td>default</td>", "<td>RUNNING</td>",
                ":" + URI.create(server.url()).getPort());

        Map<String, String> kill = new LinkedHashMap<>(Map.of("action", "kill", "session", String.valueOf(raw.id)));
        assertThat(post("/wamp", kill).statusCode()).as("a POST without the page token").isEqualTo(403);
        assertThat(raw.countSessions()).as("the session was not killed").isPositive();

        Matcher token = Pattern.compile("name='token' value='([^']+)'").matcher(page);
        assertThat(token.find()).isTrue();
        kill.put("token", token.group(1));
        HttpResponse<String> killed = post("/wamp", kill);
        assertThat(killed.statusCode()).isEqualTo(302);
        assertThat(raw.next(Duration.ofSeconds(10))).startsWith("[6,").contains("\"wamp.close.killed\"");
        String location = killed.headers().firstValue("location").orElseThrow();
        assertThat(URLDecode(location)).contains("Session " + raw.id + " killed");
    }

    @Test
    void configurationsCreatedAndEditedInTheConsoleApplyAndLandInEtc() throws Exception {
        Poll.until("the web console", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> send(HttpRequest.newBuilder(URI.create(console + "/wamp")).GET(), false));
        String configPage = get("/configMgr").body();
        assertThat(configPage).contains("dev.junction.transport.websocket", "dev.junction.realm");

        // A realm, created through the Metatype form.
        HttpResponse<String> created = post("/configMgr/" + NEW_CONFIG, Map.of("apply", "true",
                "action", "ajaxConfigManager", "factoryPid", "dev.junction.realm",
                "propertylist", "name,uri_check,enable_meta_api", "name", "console.realm", "uri_check", "strict",
                "enable_meta_api", "true"));
        assertThat(created.statusCode()).isEqualTo(302);
        String pid = created.headers().firstValue("location").orElseThrow().replaceFirst(".*/configMgr/", "");
        Path etc = server.serverDir().resolve("etc");
        Path realmFile = etc.resolve("dev.junction.realm-console.realm.cfg");
        String realmCfg = Poll.until(realmFile + " written", Duration.ofSeconds(30), Duration.ofMillis(250),
                () -> read(realmFile).filter(t -> hasKey(t, "name", "console.realm")));
        assertThat(hasKey(realmCfg, "enable_meta_api", "true")).as(realmCfg).isTrue();
        raw = Poll.until("WELCOME in console.realm", Duration.ofSeconds(30), Duration.ofMillis(250), () -> {
            try {
                return Optional.of(ShellCommandsIT.RawSession.join(server.url(), "console.realm"));
            } catch (Exception | AssertionError e) {
                return Optional.empty();
            }
        });
        assertThat(raw.countSessions()).isEqualTo(1);

        // Edited in the console: the file follows (FileInstall, once the configuration knows its file again).
        assertThat(post("/configMgr/" + pid, Map.of("apply", "true", "action", "ajaxConfigManager",
                "propertylist", "name,uri_check,enable_meta_api", "name", "console.realm", "uri_check", "loose",
                "enable_meta_api", "true")).statusCode()).isEqualTo(302);
        Poll.until(realmFile + " rewritten", Duration.ofSeconds(30), Duration.ofMillis(250),
                () -> read(realmFile).filter(t -> hasKey(t, "uri_check", "loose")));
        // Every realm file is the shipped one, a test fixture's (interop/src/test/etc) or the console's: no duplicate.
        java.util.Set<String> fixtures;
        try (var files = Files.list(Path.of(System.getProperty("junction.fixtures.dir", "src/test/etc")))) {
            fixtures = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        try (var files = Files.list(etc)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dev.junction.realm-"))
                    .filter(n -> !fixtures.contains(n)).collect(Collectors.toList()))
                    .as("one file per realm, no duplicate")
                    .containsExactlyInAnyOrder("dev.junction.realm-realm1.cfg", "dev.junction.realm-console.realm.cfg");
        }

        // A second WebSocket transport, created through the form: listens at once, has its file.
        int port = JunctionServer.freePorts(1).get(0);
        HttpResponse<String> createdTransport = post("/configMgr/" + NEW_CONFIG, Map.of("apply", "true",
                "action", "ajaxConfigManager", "factoryPid", "dev.junction.transport.websocket", "propertylist",
                "id,endpoint.port,endpoint.interface,serializers", "id", "console", "endpoint.port",
                String.valueOf(port), "endpoint.interface", "127.0.0.1", "serializers", "json"));
        assertThat(createdTransport.statusCode()).isEqualTo(302);
        String transportPid = createdTransport.headers().firstValue("location").orElseThrow()
                .replaceFirst(".*/configMgr/", "");
        Path transportFile = etc.resolve("dev.junction.transport.websocket-console.cfg");
        Poll.until(transportFile + " written", Duration.ofSeconds(30), Duration.ofMillis(250),
                () -> read(transportFile).filter(t -> hasKey(t, "endpoint.port", String.valueOf(port))));
        ShellCommandsIT.RawSession second = Poll.until("WELCOME on port " + port, Duration.ofSeconds(30),
                Duration.ofMillis(250), () -> {
                    try {
                        return Optional.of(ShellCommandsIT.RawSession.join("ws://127.0.0.1:" + port + "/ws",
                                server.realm()));
                    } catch (Exception | AssertionError e) {
                        return Optional.empty();
                    }
                });
        try {
            String sessions = table(get("/wamp").body(), "wamp-sessions");
            assertThat(sessions).contains("<td>" + second.id + "</td><td>" + server.realm() + "</td>");
            assertThat(sessions).contains("<td>console</td>");
        } finally {
            second.socket.abort();
        }

        // Deleted in the console: the listener closes and its file goes (FileInstall deletes the file of a
        // configuration it knows); the default transport serves on (positive control).
        HttpResponse<String> deleted = post("/configMgr/" + transportPid, Map.of("apply", "true", "delete", "true"));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        Poll.until("port " + port + " closed", Duration.ofSeconds(30), Duration.ofMillis(250), () -> {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
                return Optional.empty();
            } catch (java.io.IOException e) {
                return Optional.of(true);
            }
        });
        Poll.until(transportFile + " deleted", Duration.ofSeconds(30), Duration.ofMillis(250),
                () -> Files.exists(transportFile) ? Optional.empty() : Optional.of(true));
        ShellCommandsIT.RawSession.join(server.url(), server.realm()).socket.abort();
    }

    /**
     * Every Junction PID the assembly runs has its Metatype form in the console: the console's JSON for a new
     * configuration of each (what its form is drawn from) carries the PID's attributes, titled by their OCD name.
     * (dev.junction.connect.* and dev.junction.example.greeter have theirs too; their features are not booted.)
     */
    @Test
    void everyJunctionPidIsAMetatypeForm() throws Exception {
        Poll.until("the web console", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> send(HttpRequest.newBuilder(URI.create(console + "/wamp")).GET(), false));
        Map<String, String> factories = new LinkedHashMap<>();
        factories.put("dev.junction.realm", "uri_check");
        factories.put("dev.junction.realm.role", "realm");
        factories.put("dev.junction.transport.websocket", "endpoint.port");
        factories.put("dev.junction.transport.rawsocket", "endpoint.port");
        factories.put("dev.junction.transport.web", "endpoint.port");
        factories.put("dev.junction.transport.web.path", "path");
        factories.put("dev.junction.auth.principal", "authid");
        factories.put("dev.junction.crossbar", "poll.interval");
        for (Map.Entry<String, String> f : factories.entrySet()) {
            HttpResponse<String> form = post("/configMgr/" + f.getKey(), Map.of("create", "true"));
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).as(f.getKey()).contains("\"" + f.getValue() + "\"", "\"title\":\"Junction ");
        }
        for (Map.Entry<String, String> single : Map.of("dev.junction.router", "shutdown.goodbye_timeout",
                "dev.junction.metrics", "enabled").entrySet()) {
            HttpResponse<String> form = post("/configMgr/" + single.getKey(), Map.of());
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).as(single.getKey())
                    .contains("\"" + single.getValue() + "\"", "\"title\":\"Junction ");
        }
        // control: a PID without Metatype gets a form without a Junction title
        assertThat(post("/configMgr/dev.junction.nosuchpid", Map.of()).body()).doesNotContain("\"title\":\"Junction ");
    }

    /** pax-web listens on 127.0.0.1 only: the machine's other addresses refuse the console's port. */
    @Test
    void theConsoleListensOnLoopbackOnly() throws Exception {
        Poll.until("the web console", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> send(HttpRequest.newBuilder(URI.create(console + "/wamp")).GET(), false));
        java.util.List<java.net.InetAddress> others = java.util.Collections.list(
                java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> { try { return i.isUp(); } catch (java.net.SocketException e) { return false; } })
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).collect(Collectors.toList());
        org.junit.jupiter.api.Assumptions.assumeFalse(others.isEmpty(), "this machine has no non-loopback address");
        for (java.net.InetAddress address : others) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(address, server.httpPort()), 2000);
                throw new AssertionError("the console answers on " + address);
            } catch (java.io.IOException expected) {
                // refused: not listening there
            }
        }
        try (java.net.Socket s = new java.net.Socket()) { // control: it does listen on 127.0.0.1
            s.connect(new java.net.InetSocketAddress("127.0.0.1", server.httpPort()), 2000);
        }
    }

    // ---- HTTP ----

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(console + path)).GET(), true).orElseThrow();
        assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
        return r;
    }

    private HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(console + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), true).orElseThrow();
    }

    private Optional<HttpResponse<String>> send(HttpRequest.Builder request, boolean login) {
        if (login) {
            String user = JunctionServer.SHELL_USER + ":" + server.shellPassword();
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    user.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return Optional.of(http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String URLDecode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a .cfg file sets {@code key} to {@code value}, written plain ({@code key = value}, as Junction writes a
     * new file) or typed ({@code key = I"8080"}, as FileInstall rewrites a file).
     */
    static boolean hasKey(String cfg, String key, String value) {
        return Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=\\s*[A-Za-z]?\"?" + Pattern.quote(value)
                + "\"?\\s*$").matcher(cfg).find();
    }

    /** The HTML of the table with this id. */
    private static String table(String page, String id) {
        int start = page.indexOf("id='" + id + "'");
        assertThat(start).as("table " + id).isNotNegative();
        return page.substring(start, page.indexOf("</table>", start));
    }
}
