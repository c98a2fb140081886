package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * autobahn-js 22.11.1, wampy.js 8 and raw `ws` checks (node/test/*.test.mjs) with node's own test runner, files in
 * parallel (the 60 s idle test runs beside the rest). JUnit XML lands in target/node-junit.xml.
 */
@ExtendWith(JunctionServerExtension.class)
class NodeSuiteIT {
    static final Duration TIMEOUT = Duration.ofMinutes(6);

    @Test
    void nodeSuites(JunctionServer server) throws Exception {
        Path nodeDir = Path.of(System.getProperty("junction.node.dir", "node"));
        Path results = Path.of(System.getProperty("junction.results.dir", "target"));
        assertThat(nodeDir.resolve("node_modules/autobahn")).as("npm ci has run in " + nodeDir).exists();
        Files.createDirectories(results);
        List<String> command = new java.util.ArrayList<>(List.of("node", "--test",
                "--test-concurrency=" + System.getProperty("junction.node.concurrency", "4"),
                "--test-force-exit", "--test-timeout=180000",
                "--test-reporter=spec", "--test-reporter-destination=stdout",
                "--test-reporter=junit", "--test-reporter-destination=" + results.resolve("node-junit.xml")));
        // -Djunction.node.tests=test/a.test.mjs,test/b.test.mjs runs several files (Node 20 has no globs here)
        command.addAll(List.of(System.getProperty("junction.node.tests", "test/").split(",")));
        ExternalSuite.Result r = ExternalSuite.run("node", command, nodeDir, server.env(), TIMEOUT);
        String summary = summary(r.output());
        System.out.println("[node] summary: " + summary);
        assertThat(r.timedOut()).as("node suites finished within " + TIMEOUT.toSeconds() + " s").isFalse();
        assertThat(r.exitCode()).as("node --test exit status (" + summary + ")\n" + failures(r.output())).isZero();
    }

    static String summary(List<String> lines) {
        long[] n = new long[4]; // tests pass fail skipped
        String[] keys = {"tests", "pass", "fail", "skipped"};
        Pattern p = Pattern.compile("^\\S*\\s*(tests|pass|fail|skipped) (\\d+)$");
        for (String line : lines) {
            Matcher m = p.matcher(line.trim());
            if (m.matches()) {
                n[List.of(keys).indexOf(m.group(1))] = Long.parseLong(m.group(2));
            }
        }
        return n[1] + " passed, " + n[2] + " failed, " + n[3] + " skipped (of " + n[0] + ")";
    }

    /** The spec reporter's failure list, so the assertion message names what failed. */
    static String failures(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (line.trim().startsWith("✖")) {
                sb.append(line.trim()).append('\n');
            }
        }
        return sb.toString();
    }
}
