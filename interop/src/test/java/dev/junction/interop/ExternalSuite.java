package dev.junction.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a test suite in another language as a child process, streaming its output, with a hard time bound. */
final class ExternalSuite {
    private ExternalSuite() {
    }

    record Result(int exitCode, boolean timedOut, List<String> output) {
        /** The output, for assertion messages (last lines only). */
        String tail(int lines) {
            return String.join("\n", output.subList(Math.max(0, output.size() - lines), output.size()));
        }
    }

    static Result run(String name, List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        System.out.println("[" + name + "] $ " + String.join(" ", command) + "   (in " + dir + ", "
                + env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b)
                .orElse("") + ")");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"));
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> output = new ArrayList<>();
        Deque<String> buffer = new ArrayDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("[" + name + "] " + line);
                    synchronized (buffer) {
                        buffer.add(line);
                    }
                }
            } catch (IOException e) {
                System.out.println("[" + name + "] (output stream ended: " + e + ")");
            }
        }, name + "-output");
        pump.setDaemon(true);
        pump.start();
        boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            System.out.println("[" + name + "] TIMEOUT after " + timeout.toSeconds() + " s: ending the suite");
            ProcessTree.terminate(p.toHandle(), Duration.ofSeconds(10));
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (buffer) {
            output.addAll(buffer);
        }
        return new Result(finished ? p.exitValue() : -1, !finished, output);
    }
}
