package dev.junction.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Ends a process and everything it started: SIGTERM first, SIGKILL after a bound. Records pids for later cleanup. */
final class ProcessTree {
    private ProcessTree() {
    }

    /** SIGTERM to the process and its descendants, wait up to {@code grace}, then SIGKILL whatever is left. */
    static void terminate(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        root.descendants().forEach(all::add);
        all.add(root);
        for (ProcessHandle p : all) {
            p.destroy();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still alive (or interrupted): killed below
            }
        }
        for (ProcessHandle p : all) {
            if (p.isAlive()) {
                System.out.println("[harness] process " + p.pid() + " ignored SIGTERM for " + grace.toSeconds()
                        + " s; killing it");
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("[harness] WARNING: process " + p.pid() + " is still alive after SIGKILL");
            }
        }
    }

    /** Writes "pid startInstant marker" so a later run can end this process if the test JVM dies hard. */
    static void writePidFile(Path pidFile, ProcessHandle process, String marker) throws IOException {
        String start = process.info().startInstant().map(Instant::toString).orElse("-");
        Files.createDirectories(pidFile.toAbsolutePath().getParent());
        Files.writeString(pidFile, process.pid() + " " + start + " " + marker + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Ends the process recorded in {@code pidFile} if it is still the same process (same start time, command line
     * mentions the marker), then deletes the file. Returns true if something was ended.
     */
    static boolean killRecorded(Path pidFile, Duration grace) throws IOException {
        if (!Files.exists(pidFile)) {
            return false;
        }
        String[] parts = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split(" ", 3);
        Files.deleteIfExists(pidFile);
        if (parts.length < 3) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(parts[0]));
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        ProcessHandle p = handle.get();
        String start = p.info().startInstant().map(Instant::toString).orElse("-");
        String cmd = p.info().commandLine().orElse("");
        boolean same = start.equals(parts[1]) && (cmd.isEmpty() || cmd.contains(parts[2]));
        if (!same) {
            return false;
        }
        System.out.println("[harness] ending leftover server process " + p.pid() + " (" + parts[2] + ")");
        terminate(p, grace);
        return true;
    }
}
