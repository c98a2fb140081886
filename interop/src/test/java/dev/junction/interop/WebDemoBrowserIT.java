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
 * The web transport's shipped demo in a real browser (browser/test/web-demo.test.mjs): the page from etc/web and its
 * WAMP connection on one port, a separate Node client's event, the HTTP bridge with signatures and body limits.
 * Headless Debian Chromium ({@code scripts/install-test-deps.sh}) driven by playwright-core; the demo transport's
 * port comes from the fixture etc/dev.junction.transport.web-demo.cfg. Screenshot: target/screenshots/web-demo.png.
 */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
class WebDemoBrowserIT {
    @Test
    void demoPageInChromium(JunctionServer server) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.serverDir() != null, "needs the harness's own server");
        Path dir = Path.of(System.getProperty("junction.browser.dir", "browser"));
        Path browser = Path.of(System.getProperty("junction.browser", "/usr/bin/chromium"));
        assertThat(browser).as("Chromium (scripts/install-test-deps.sh installs Debian's chromium)").isExecutable();
        assertThat(dir.resolve("node_modules/playwright-core")).as("npm ci has run in " + dir).exists();
        Path shots = Path.of(System.getProperty("junction.results.dir", "target"), "screenshots");
        Files.createDirectories(shots);
        Map<String, String> env = new LinkedHashMap<>(server.env());
        assertThat(env).as("the fixture web transport's port").containsKey("JUNCTION_PORT_WEB");
        env.put("JUNCTION_BROWSER", browser.toString());
        env.put("JUNCTION_SCREENSHOTS", shots.toString());
        ExternalSuite.Result r = ExternalSuite.run("web-demo", List.of("node", "--test", "--test-reporter=spec",
                "test/web-demo.test.mjs"), dir, env, Duration.ofMinutes(3));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).as("node --test exit status\n" + r.tail(40)).isZero();
        assertThat(shots.resolve("web-demo.png")).exists();
    }
}
