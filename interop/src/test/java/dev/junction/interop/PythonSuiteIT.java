package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** autobahn-python (Debian python3-autobahn, Crossbar's own WAMP engine) on /usr/bin/python3 with unittest. */
@ExtendWith(JunctionServerExtension.class)
class PythonSuiteIT {
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String PYTHON = "/usr/bin/python3";

    @Test
    void pythonSuite(JunctionServer server) throws Exception {
        Path pyDir = Path.of(System.getProperty("junction.python.dir", "python"));
        assertThat(Path.of(PYTHON)).as(PYTHON).exists();
        ExternalSuite.Result check = ExternalSuite.run("python", List.of(PYTHON, "-c",
                "import autobahn, msgpack; print('autobahn', autobahn.__version__, 'msgpack', msgpack.version)"),
                pyDir, server.env(), Duration.ofSeconds(60));
        assertThat(check.exitCode()).as("python3-autobahn and python3-msgpack are installed for " + PYTHON
                + " (scripts/install-test-deps.sh installs them)").isZero();
        ExternalSuite.Result r = ExternalSuite.run("python", List.of(PYTHON, "-u", "-m", "unittest",
                "discover", "-v", "-s", pyDir.toString(), "-p", "test_*.py"), pyDir, server.env(), TIMEOUT);
        assertThat(Files.isDirectory(pyDir)).isTrue();
        assertThat(r.timedOut()).as("python suite finished within " + TIMEOUT.toSeconds() + " s").isFalse();
        assertThat(r.exitCode()).as("python unittest exit status\n" + r.tail(40)).isZero();
    }
}
