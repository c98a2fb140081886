package dev.junction.cluster.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration digest once the node's configuration has settled. A node that boots with
 * {@code junction-cluster} starts its member while Karaf is still applying configurations (etc/ files, a Crossbar
 * import writing realms and roles): a digest taken then depends on timing, and a node configured exactly like the
 * others was refused when it restarted (seen in ClusterIT: the Crossbar import wrote its realms seconds after Karaf's
 * BootFinished). So the join waits for Karaf's boot to finish (its {@code BootFinished} service; outside Karaf there
 * is none to wait for), then until the digest has not changed for {@link #QUIET}. This is a heuristic: a configuration
 * written later still leaves this node with a stale digest (the digest is a member attribute, fixed when the member
 * starts), which a restart of the member (a change of {@code dev.junction.cluster}) corrects.
 */
final class SettledConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SettledConfiguration.class);
    private static final String KARAF_FEATURES = "org.apache.karaf.features.core";
    private static final String BOOT_FINISHED = "(objectClass=org.apache.karaf.features.BootFinished)";
    static final Duration QUIET = Duration.ofSeconds(5);
    private static final Duration SAMPLE = Duration.ofMillis(500);

    private SettledConfiguration() {
    }

    /** The digest {@code digest} gives once it no longer changes, waiting at most {@code bound} in all. */
    static String digest(BundleContext context, Supplier<String> digest, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        awaitKarafBoot(context, deadline);
        String last = digest.get();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() - quietSince >= QUIET.toNanos()) {
                return last;
            }
            Thread.sleep(SAMPLE.toMillis());
            String now = digest.get();
            if (!Objects.equals(now, last)) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        LOG.warn("Cluster: the realm/role/principal configuration was still changing after {} s; joining with "
                + "digest {}", bound.toSeconds(), last);
        return last;
    }

    private static void awaitKarafBoot(BundleContext context, long deadline) throws InterruptedException {
        boolean karaf = false;
        for (Bundle b : context.getBundles()) {
            karaf |= KARAF_FEATURES.equals(b.getSymbolicName());
        }
        if (!karaf) {
            return;
        }
        try {
            while (context.getServiceReferences((String) null, BOOT_FINISHED) == null) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("Cluster: Karaf's boot did not finish in time; joining anyway");
                    return;
                }
                Thread.sleep(200);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
