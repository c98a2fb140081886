package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web console in a real browser (browser/test/console.test.mjs): headless Debian Chromium
 * ({@code scripts/install-test-deps.sh} installs it) driven by playwright-core logs in, creates a second WebSocket
 * transport through the Configuration page's form, connects a client to it and finds its session on the WAMP page.
 * Screenshots: target/screenshots/.
 */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
class BrowserIT {
    @Test
    void consoleInChromium(JunctionServer server) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.serverDir() != null, "needs the harness's own server");
        Path dir = Path.of(System.getProperty("junction.browser.dir", "browser"));
        Path browser = Path.of(System.getProperty("junction.browser", "/usr/bin/chromium"));
        assertThat(browser).as("Chromium (scripts/install-test-deps.sh installs Debian's chromium)").isExecutable();
        assertThat(dir.resolve("node_modules/playwright-core")).as("npm ci has run in " + dir).exists();
        Path shots = Path.of(System.getProperty("junction.results.dir", "target"), "screenshots");
        Files.createDirectories(shots);
        Map<String, String> env = new LinkedHashMap<>(server.env());
        env.put("JUNCTION_CONSOLE_URL", "http://127.0.0.1:" + server.httpPort() + "/system/console");
        env.put("JUNCTION_CONSOLE_USER", JunctionServer.SHELL_USER);
        env.put("JUNCTION_CONSOLE_PASSWORD", server.shellPassword());
        env.put("JUNCTION_BROWSER_TRANSPORT_PORT", String.valueOf(JunctionServer.freePorts(1).get(0)));
        env.put("JUNCTION_BROWSER", browser.toString());
        env.put("JUNCTION_SCREENSHOTS", shots.toString());
        ExternalSuite.Result r = ExternalSuite.run("browser", List.of("node", "--test", "--test-reporter=spec",
                "test/console.test.mjs"), dir, env, Duration.ofMinutes(3));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).as("node --test exit status\n" + r.tail(40)).isZero();
        assertThat(shots.resolve("console-wamp-page.png")).exists();
    }
}
