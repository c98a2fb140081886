package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Real Hazelcast members on loopback for the cluster's tests: one new cluster per test, and waiting for it. */
final class TestMembers {
    private TestMembers() {
    }

    /**
     * The settings of {@code count} members of one new cluster (a name of its own, so that tests never meet), each
     * on a free loopback port, with short timeouts (heartbeat 1 s, member timeout 3 s, connection timeout 2 s)
     * and {@code config_mismatch = refuse}.
     */
    static List<ClusterSettings> cluster(String prefix, int count) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(freePort());
        }
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        String name = prefix + Long.toHexString(System.nanoTime());
        return ports.stream().map(p -> new ClusterSettings(name, members, "127.0.0.1", p, 1, 3, 2,
                JoinCheck.Mode.REFUSE)).toList();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 20 ms for up to 60 s; fails naming {@code what}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
