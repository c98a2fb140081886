package dev.junction.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Karaf shell commands in the server under test through its own {@code bin/client} (SSH to Karaf's console
 * on the harness's free port, as the user the harness added), as an operator would. Batch mode ({@code -b}, the
 * command on standard input): with the command as an argument, Karaf 4.4's client printed nothing when its standard
 * input was not a terminal.
 */
final class KarafShell {
    private final JunctionServer server;

    KarafShell(JunctionServer server) {
        this.server = server;
    }

    /** What one command printed and its exit status. */
    record Output(int status, String text) {
    }

    /** Runs {@code command} and returns its output (stdout and stderr together). */
    Output run(String command) throws IOException, InterruptedException {
        Path client = server.serverDir().resolve("bin/client");
        List<String> cmd = new ArrayList<>();
        if (!Files.isExecutable(client)) {
            cmd.add("/bin/sh");
        }
        cmd.addAll(List.of(client.toString(), "-h", "127.0.0.1", "-a", String.valueOf(server.sshPort()),
                "-u", JunctionServer.SHELL_USER, "-p", server.shellPassword(), "-r", "30", "-d", "1", "-b"));
        return run(cmd, server.serverDir(), command);
    }

    /** Runs {@code client} (a bin/client command line in batch mode) with {@code command} on its standard input. */
    static Output run(List<String> client, Path dir, String command) throws IOException, InterruptedException {
        List<String> cmd = client;
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("KARAF_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/client did not end: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println("[shell] " + command + " -> exit " + p.exitValue() + "\n" + text);
        return new Output(p.exitValue(), text);
    }

    /** The cells of every line of a ShellTable (header included) that has column bars. */
    static List<List<String>> rows(String table) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : table.split("\\R")) {
            if (!line.contains("│") && !line.contains("|")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.split("[│|]", -1)) {
                cells.add(cell.trim());
            }
            rows.add(cells);
        }
        return rows;
    }
}
