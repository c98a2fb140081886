package dev.junction.cluster.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.cluster.ClusterRouting;
import dev.junction.transport.cookie.SharedCookieStores;

/**
 * This node's membership in a Junction cluster, configured by the singleton {@code dev.junction.cluster}. Joining
 * takes seconds, so it runs on its own thread; the router gets the {@link ClusterRouting} service only once the node
 * has joined, passed the configuration check and holds a session-id slot. A configuration that is refused starts
 * nothing (the node stays single) and says why.
 */
@Component(service = ClusterStatus.class, immediate = true, configurationPid = ClusterSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ClusterComponent.Config.class)
public final class ClusterComponent implements ClusterStatus {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterComponent.class);
    /** How long configuration changes must have settled before the digest is rechecked. */
    static final long RECHECK_DELAY_MS = 2_000;
    static final int COOKIE_STORE_RANKING = 100;

    @ObjectClassDefinition(name = "Junction cluster", description = "This node's membership in a cluster of "
            + "Junction nodes serving the same realms (embedded Hazelcast). Open-source Hazelcast has no member "
            + "authentication or encryption: keep the cluster port on a private network.")
    @interface Config {
        @AttributeDefinition(name = "Cluster name", description = "Nodes with the same name form one cluster.")
        String cluster__name() default "junction";

        @AttributeDefinition(name = "Members", description = "Addresses (host or host:port) of the other members, "
                + "for TCP/IP discovery (multicast is off). Default: this node's own address.")
        String[] members();

        @AttributeDefinition(name = "Interface", description = "The IPv4 address (or pattern such as 10.0.0.*) "
                + "the member binds to and talks on. Keep it private: anyone who reaches the port is a member.")
        String interface$() default ClusterSettings.DEFAULT_INTERFACE;

        @AttributeDefinition(name = "Port", min = "1", max = "65535", description = "The member's TCP port "
                + "(no auto-increment).")
        int port() default ClusterSettings.DEFAULT_PORT;

        @AttributeDefinition(name = "Heartbeat interval (s)", min = "1", max = "60")
        int heartbeat__interval() default 1;

        @AttributeDefinition(name = "Member timeout (s)", min = "2", max = "600", description = "After how long "
                + "without a heartbeat a member counts as gone; its sessions' subscriptions then disappear from "
                + "the other nodes.")
        int member__timeout() default 5;

        @AttributeDefinition(name = "Connection timeout (s)", min = "1", max = "60", description = "How long a "
                + "connection attempt to a listed member may take.")
        int connection__timeout() default 5;

        @AttributeDefinition(name = "On configuration mismatch", options = {
                @org.osgi.service.metatype.annotations.Option(value = "refuse", label = "refuse: leave the cluster"),
                @org.osgi.service.metatype.annotations.Option(value = "warn", label = "warn: stay and log") },
                description = "What a joining node does when its realms, roles or principals differ from the "
                        + "members already there, and what a node does when a later change of its own makes them "
                        + "differ.")
        String config__mismatch() default "refuse";

        @AttributeDefinition(name = "Merge interval (s)", min = "5", max = "3600", description = "How often a "
                + "member looks for the other side of a split brain among the listed members; after a partition "
                + "heals, the two sides become one cluster again within about this time.")
        int merge__interval() default ClusterSettings.DEFAULT_MERGE_INTERVAL;
    }

    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "junction-cluster-join");
        t.setDaemon(true);
        return t;
    });
    /** How long the join waits for the node's configuration to settle (SettledConfiguration). */
    private static final java.time.Duration SETTLE_BOUND = java.time.Duration.ofSeconds(60);
    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final ClusterNode node;
    private final String refusal;
    private volatile ServiceRegistration<ClusterRouting> registration;
    private volatile ServiceRegistration<SharedCookieStores> cookieStores;
    private volatile ServiceRegistration<ConfigurationListener> configWatch;
    /** Rechecks the digest once a burst of configuration changes (a directory of files) has settled. */
    private final ScheduledExecutorService rechecks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "junction-cluster-config-check");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pendingRecheck;
    private volatile boolean deactivated;

    @Activate
    public ClusterComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            Map<String, Object> properties) {
        this.context = context;
        this.configAdmin = configAdmin;
        ClusterSettings.Parsed parsed = ClusterSettings.parse(properties);
        this.refusal = parsed.refusal();
        if (refusal != null) {
            LOG.error(refusal + "; this node does not join a cluster");
            this.node = null;
            return;
        }
        this.node = new ClusterNode(parsed.settings(), digest(configAdmin));
        starter.execute(this::join);
    }

    private void join() {
        try {
            node.digest(SettledConfiguration.digest(context, () -> digest(configAdmin), SETTLE_BOUND));
            if (node.start(ClusterComponent.class.getClassLoader()) && !deactivated) {
                registration = context.registerService(ClusterRouting.class, node, null);
                // Above any store a transport could have of its own: cookies are known on every node.
                cookieStores = context.registerService(SharedCookieStores.class,
                        new HazelcastCookieStores(node.hazelcast()),
                        FrameworkUtil.asDictionary(Map.of(Constants.SERVICE_RANKING, COOKIE_STORE_RANKING)));
                configWatch = context.registerService(ConfigurationListener.class, this::configurationEvent, null);
            }
        } catch (RuntimeException e) {
            LOG.error("Cluster: this node could not join: {}", e.toString(), e);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** A realm, role or principal configuration changed: recheck the digest once the changes have settled. */
    private synchronized void configurationEvent(ConfigurationEvent event) {
        if (deactivated || event.getFactoryPid() == null
                || !ConfigDigest.FACTORY_PIDS.contains(event.getFactoryPid())) {
            return;
        }
        if (pendingRecheck != null) {
            pendingRecheck.cancel(false);
        }
        pendingRecheck = rechecks.schedule(this::recheck, RECHECK_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** Compares the new digest with the members'; with {@code config_mismatch=refuse} a node that differs leaves. */
    private void recheck() {
        String current;
        try {
            current = digest(configAdmin);
        } catch (RuntimeException e) {
            LOG.error("Cluster: cannot recheck the configuration digest: {}", e.toString());
            return;
        }
        if (!node.configurationChanged(current)) {
            synchronized (this) {
                if (deactivated) {
                    return;
                }
                unregister(configWatch);
                unregister(cookieStores);
                unregister(registration);
                configWatch = null;
                cookieStores = null;
                registration = null;
            }
            node.leave();
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework was first
            }
        }
    }

    private static String digest(ConfigurationAdmin configAdmin) {
        List<ConfigDigest.Entry> entries = new ArrayList<>();
        try {
            Configuration[] configs = configAdmin.listConfigurations(ConfigDigest.FILTER);
            if (configs != null) {
                for (Configuration c : configs) {
                    Map<String, Object> props = new java.util.HashMap<>();
                    var dict = c.getProperties();
                    if (dict != null) {
                        for (var keys = dict.keys(); keys.hasMoreElements();) {
                            String k = keys.nextElement();
                            props.put(k, dict.get(k));
                        }
                    }
                    entries.add(new ConfigDigest.Entry(c.getFactoryPid(), props));
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list the realm configurations", e);
        }
        return ConfigDigest.of(entries);
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            deactivated = true;
        }
        starter.shutdownNow();
        rechecks.shutdownNow();
        unregister(configWatch);
        unregister(cookieStores);
        unregister(registration);
        if (node != null) {
            try {
                starter.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            node.stop();
        }
    }

    @Override
    public String state() {
        return node == null ? "refused: " + refusal : node.state();
    }

    @Override
    public String clusterName() {
        return node == null ? "" : node.clusterName();
    }

    @Override
    public String configDigest() {
        return node == null ? "" : node.configDigest();
    }

    @Override
    public List<MemberView> members() {
        return node == null ? List.of() : node.members();
    }

    @Override
    public long eventsSent() {
        return node == null ? 0 : node.eventsSent();
    }

    @Override
    public long eventsReceived() {
        return node == null ? 0 : node.eventsReceived();
    }

    @Override
    public long callsSent() {
        return node == null ? 0 : node.callsSent();
    }

    @Override
    public long callsServed() {
        return node == null ? 0 : node.callsServed();
    }

    @Override
    public Map<String, Long> eventsSentTo() {
        return node == null ? Map.of() : node.eventsSentTo();
    }

    @Override
    public Map<String, Integer> subscriptionsByNode() {
        return node == null ? Map.of() : node.subscriptionsByNode();
    }

    @Override
    public Map<String, Integer> registrationsByNode() {
        return node == null ? Map.of() : node.registrationsByNode();
    }
}
