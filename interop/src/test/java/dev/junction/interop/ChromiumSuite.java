package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@code node --test} file of {@code interop/browser} against the harness's server in headless Debian
 * Chromium ({@code scripts/install-test-deps.sh} installs it), driven by playwright-core, and checks that it passed
 * and left its screenshot in {@code target/screenshots/}.
 */
final class ChromiumSuite {
    private ChromiumSuite() {
    }

    /**
     * Runs {@code test/<testFile>} with the server's environment plus {@code env}, and asserts that it passed and
     * wrote {@code screenshot}.
     */
    static void run(JunctionServer server, String testFile, Map<String, String> env, String screenshot)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.serverDir() != null, "needs the harness's own server");
        Path dir = Path.of(System.getProperty("junction.browser.dir", "browser"));
        Path browser = Path.of(System.getProperty("junction.browser", "/usr/bin/chromium"));
        assertThat(browser).as("Chromium (scripts/install-test-deps.sh installs Debian's chromium)").isExecutable();
        assertThat(dir.resolve("node_modules/playwright-core")).as("npm ci has run in " + dir).exists();
        Path shots = Path.of(System.getProperty("junction.results.dir", "target"), "screenshots");
        Files.createDirectories(shots);
        Map<String, String> all = new LinkedHashMap<>(server.env());
        all.putAll(env);
        all.put("JUNCTION_BROWSER", browser.toString());
        all.put("JUNCTION_SCREENSHOTS", shots.toString());
        String name = testFile.replaceFirst("\\.test\\.mjs$", "");
        ExternalSuite.Result r = ExternalSuite.run(name, List.of("node", "--test", "--test-reporter=spec",
                "test/" + testFile), dir, all, Duration.ofMinutes(3));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).as("node --test exit status\n" + r.tail(40)).isZero();
        assertThat(shots.resolve(screenshot)).exists();
    }
}
