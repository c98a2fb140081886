package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a running Junction, as Ctrl-C or a service manager sends it: the call in flight finishes, both
 * autobahn-python sessions get GOODBYE {@code wamp.close.system_shutdown}, and the JVM exits cleanly. It starts a
 * server of its own (the shared one keeps serving the other suites).
 */
class ShutdownIT {

    @Test
    void sigtermLetsTheCallFinishThenSaysGoodbyeAndExits() throws Exception {
        Path target = Path.of(System.getProperty("junction.results.dir", "target"));
        JunctionServer server = JunctionServer.start(Path.of(System.getProperty("junction.assembly.dir")),
                target.resolve("server-shutdown"), target.resolve("server-shutdown.log"),
                target.resolve("server-shutdown.pid"));
        try {
            Process karaf = server.process();
            Path pyDir = Path.of(System.getProperty("junction.python.dir", "python"));
            ExternalSuite.Result r = ExternalSuite.run("shutdown", List.of(PythonSuiteIT.PYTHON, "-u",
                    "shutdown_check.py", String.valueOf(karaf.pid())), pyDir, server.env(), Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(r.tail(20)).isZero();
            String seen = r.tail(20);
            assertThat(seen).as("what the clients saw")
                    .contains("\"call\": \"finished\"")
                    .contains("\"callee_left\": \"wamp.close.system_shutdown\"")
                    .contains("\"caller_left\": \"wamp.close.system_shutdown\"");
            assertThat(karaf.waitFor(30, TimeUnit.SECONDS)).as("Karaf exits after SIGTERM").isTrue();
            assertThat(karaf.exitValue()).as("exit status").isZero();
        } finally {
            server.close();
        }
    }
}
