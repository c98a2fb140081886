package dev.junction.interop;

import java.nio.file.Path;
import java.time.Duration;

/**
 * post-integration-test safety net (exec:java): ends the Karaf server recorded in target/server.pid if the failsafe
 * JVM died before it could stop it. Normally the pid file is already gone and this does nothing.
 */
public final class LeftoverServerKiller {
    private LeftoverServerKiller() {
    }

    public static void main(String[] args) throws Exception {
        Path pidFile = Path.of(args.length > 0 ? args[0] : "target/server.pid");
        if (!ProcessTree.killRecorded(pidFile, Duration.ofSeconds(30))) {
            System.out.println("[harness] no leftover Junction server");
        }
    }
}
