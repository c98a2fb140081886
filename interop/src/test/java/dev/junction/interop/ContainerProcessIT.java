package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.junction.api.message.Payload;
import dev.junction.client.CallResult;
import dev.junction.client.ClientOptions;
import dev.junction.client.WampClient;
import dev.junction.client.WampSession;
import dev.junction.serializer.json.internal.JsonSerializerComponent;

/**
 * The container in its own process: a second copy of the assembly boots the container and the example greeter
 * component bundle, whose two instances join a router in another process, one through a connecting WebSocket
 * transport and one through a connecting RawSocket transport (MsgPack). A client of the router calls both; the
 * router is then killed (SIGKILL) and started again on the same ports, and both procedures answer again within the
 * backoff window, while {@code junction:connections} in the container's shell tells what happened; a router that
 * hangs (SIGSTOP) is found by the connections' auto-ping, and the components come back when it runs again.
 */
@ExtendWith(PrintingWatcher.class)
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class ContainerProcessIT {
    private static final Duration REJOIN = Duration.ofSeconds(60);

    @Test
    void hostedComponentsServeThroughWebSocketAndRawSocketAndComeBackAfterTheRouterRestarts() throws Exception {
        Path target = Path.of(System.getProperty("junction.results.dir", "target"));
        Path assembly = Path.of(System.getProperty("junction.assembly.dir"));
        JunctionServer router = JunctionServer.start(assembly, target.resolve("server-router"),
                target.resolve("server-router.log"), target.resolve("server-router.pid"));
        JunctionServer container = null;
        try {
            String wsUrl = router.url();
            String rsPort = router.env().get("JUNCTION_PORT_RAWSOCKET");
            container = JunctionServer.start(assembly, target.resolve("server-container"),
                    target.resolve("server-container.log"), target.resolve("server-container.pid"),
                    dir -> prepareContainer(dir.resolve("etc"), wsUrl, rsPort));
            KarafShell shell = new KarafShell(container);

            awaitGreeting(router, "com.example.greet.ws", "hello, ws", "upstream_ws", "json");
            awaitGreeting(router, "com.example.greet.rs", "hi, rs", "upstream_rs", "msgpack");
            String joined = shell.run("junction:connections").text();
            assertThat(KarafShell.rows(joined)).as(joined)
                    .anySatisfy(r -> assertThat(r).contains("upstream_ws", "websocket", "JOINED"))
                    .anySatisfy(r -> assertThat(r).contains("upstream_rs", "rawsocket", "JOINED"));

            router.kill();
            awaitConnections(shell, "RETRYING", "");
            router = router.restart(target.resolve("server-router-restarted.log"));
            awaitGreeting(router, "com.example.greet.ws", "hello, ws", "upstream_ws", "json");
            awaitGreeting(router, "com.example.greet.rs", "hi, rs", "upstream_rs", "msgpack");
            String after = shell.run("junction:connections").text();
            assertThat(KarafShell.rows(after)).as(after)
                    .filteredOn(r -> r.contains("JOINED")).hasSize(2);

            // A router that hangs (SIGSTOP: its sockets stay open, nothing answers) is found by the auto-ping and
            // left; once it runs again (SIGCONT) the components come back.
            long pid = router.process().pid();
            signal("STOP", pid);
            try {
                awaitConnections(shell, "RETRYING", "");
                // the connections were left because of the auto-ping (later attempts time out on their own)
                Path containerLog = container.serverDir().resolve("data/log/karaf.log");
                Poll.until("the container logs the auto-ping timeouts", REJOIN, Duration.ofMillis(500), () -> {
                    try {
                        String log = Files.readString(containerLog, StandardCharsets.UTF_8);
                        return log.split("auto-ping timeout", -1).length > 2 ? Optional.of(log) : Optional.empty();
                    } catch (java.io.IOException e) {
                        return Optional.empty();
                    }
                });
            } finally {
                signal("CONT", pid);
            }
            awaitGreeting(router, "com.example.greet.ws", "hello, ws", "upstream_ws", "json");
            awaitGreeting(router, "com.example.greet.rs", "hi, rs", "upstream_rs", "msgpack");
        } finally {
            if (container != null) {
                container.close();
            }
            router.close();
        }
    }

    /** Waits until both connections show {@code state} and a last error containing {@code error}. */
    private static void awaitConnections(KarafShell shell, String state, String error) throws Exception {
        Poll.until("both connections " + state + " (" + error + ")", REJOIN, Duration.ofMillis(500), () -> {
            try {
                String table = shell.run("junction:connections").text();
                return KarafShell.rows(table).stream().filter(r -> r.contains(state)
                        && String.join("|", r).contains(error)).count() == 2 ? Optional.of(table) : Optional.empty();
            } catch (java.io.IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + name + " " + pid).isZero();
    }

    /**
     * Two connections to the router (WebSocket with JSON first, RawSocket with MsgPack over TCP), a greeter on
     * each, short retry delays, and the example feature among the boot features.
     */
    private static void prepareContainer(Path etc, String wsUrl, String rsPort) throws java.io.IOException {
        String retry = "retry.initial_retry_delay = 0.5\nretry.max_retry_delay = 2\n"
                + "options.auto_ping_interval = 1000\noptions.auto_ping_timeout = 1000\nendpoint.timeout = 3\n";
        Files.writeString(etc.resolve("dev.junction.connect.websocket-upstream_ws.cfg"), "url = " + wsUrl
                + "\nrealm = realm1\nserializers = json, msgpack\n" + retry, StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("dev.junction.connect.rawsocket-upstream_rs.cfg"), "endpoint.host = 127.0.0.1"
                + "\nendpoint.port = " + rsPort + "\nserializer = msgpack\nrealm = realm1\n" + retry,
                StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("dev.junction.example.greeter-ws.cfg"), "junction.connection = upstream_ws\n"
                + "procedure = com.example.greet.ws\ngreeting = hello\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("dev.junction.example.greeter-rs.cfg"), "junction.connection = upstream_rs\n"
                + "procedure = com.example.greet.rs\ngreeting = hi\n", StandardCharsets.UTF_8);
        Path features = etc.resolve("org.apache.karaf.features.cfg");
        String version = System.getProperty("junction.version");
        String text = Files.readString(features, StandardCharsets.UTF_8)
                .replaceFirst("(?m)^(featuresRepositories\\s*=.*)$",
                        "$1, mvn:dev.junction/junction-features/" + version + "/xml/features")
                .replaceFirst("(?m)^(featuresBoot\\s*=.*)$", "$1, junction-example-greeter");
        Files.writeString(features, text, StandardCharsets.UTF_8);
    }

    /** Calls {@code procedure} on the router until the component answers (it may still be retrying). */
    private static void awaitGreeting(JunctionServer router, String procedure, String greeting, String connection,
            String serializer) throws Exception {
        CallResult answer = Poll.until(procedure + " answered by the hosted greeter", REJOIN, Duration.ofMillis(500),
                () -> {
                    try {
                        WampSession s = WampClient.connect(ClientOptions.builder(URI.create(router.url()),
                                "realm1").serializer(new JsonSerializerComponent()).build())
                                .get(10, TimeUnit.SECONDS);
                        try {
                            return Optional.of(s.call(procedure, Payload.of(greeting.split(", ")[1]),
                                    null).get(10, TimeUnit.SECONDS));
                        } finally {
                            s.leave().get(10, TimeUnit.SECONDS);
                        }
                    } catch (Exception e) {
                        return Optional.empty(); // no callee yet (wamp.error.no_such_procedure) or the router is away
                    }
                });
        assertThat(answer.payload().args()).containsExactly(greeting);
        assertThat(answer.payload().kwargs()).containsEntry("connection", connection)
                .containsEntry("serializer", serializer);
    }
}
