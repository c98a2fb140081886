package dev.junction.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;

import dev.junction.api.MatchPolicy;
import dev.junction.api.message.Payload;
import dev.junction.spi.cluster.CallPlacement;
import dev.junction.spi.cluster.ClusterRouting;
import dev.junction.spi.cluster.LocalCallees;
import dev.junction.spi.cluster.LocalRouting;
import dev.junction.spi.cluster.RemoteAnswer;
import dev.junction.spi.cluster.RemoteCall;
import dev.junction.spi.cluster.RemoteCallHandle;
import dev.junction.spi.cluster.RemotePublication;

/**
 * This node as a member of the cluster: an embedded Hazelcast member that
 * <ul>
 * <li>claims a session-id slot ({@link SessionIdSpace}) in the map {@value #SLOTS_MAP};</li>
 * <li>publishes which topics its sessions subscribe to in the replicated map {@value #INTERESTS_MAP} and keeps an
 * {@link InterestIndex} of everyone else's;</li>
 * <li>sends a publication to another node's own topic ({@value #INBOX_PREFIX}{@code <member uuid>}) only if that
 * node has a matching subscription, once per node; a topic keeps one sender's messages in order, so one publisher's
 * events arrive in the order they were published.</li>
 * <li>publishes, per registration, its invocation policy and how many callees it has ({@link CalleeShare}) in the
 * replicated map {@value #REGISTRATIONS_MAP}, so that every node places calls over all nodes' callees
 * ({@link RegistrationIndex}), and claims registrations atomically in the partitioned map {@value #CLAIMS_MAP}
 * ({@link RegistrationClaims});</li>
 * <li>forwards calls ({@link CallRequest}) to the callee's node, which runs them for the caller and sends back
 * progressive results and the answer ({@link CallReply}); the caller's CANCEL follows ({@link CancelRequest}).</li>
 * </ul>
 * Interest changes are written on a single background thread, in order: the router calls in under its lock and must
 * not wait for the network.
 */
final class ClusterNode implements ClusterRouting, ClusterStatus {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    static final String SLOTS_MAP = "junction.session-id-slots";
    static final String INTERESTS_MAP = "junction.subscriptions";
    static final String INBOX_PREFIX = "junction.events.";
    static final String DIGEST_ATTRIBUTE = "junction.config-digest";
    static final String REGISTRATIONS_MAP = "junction.registrations";
    static final String CLAIMS_MAP = "junction.registration-claims";
    private static final String WAMP_NO_SUCH_PROCEDURE = "wamp.error.no_such_procedure";
    /** The bound on a forwarded call without its own {@code timeout}: nothing waits forever. */
    static final long DEFAULT_CALL_TIMEOUT_MS = 300_000;
    /** How much longer than the callee's node the caller's node waits for an answer (a reply lost with its node). */
    static final long REPLY_MARGIN_MS = 5_000;

    private final ClusterSettings settings;
    private volatile String digest;
    private volatile MemberDigests digests;
    private final InterestIndex index = new InterestIndex();
    private final RegistrationIndex registrationIndex = new RegistrationIndex();
    private final PendingCalls pendingCalls = new PendingCalls();
    private final ServedCalls servedCalls = new ServedCalls();
    /** The members in the cluster now, by UUID: a call is not sent to one that is gone. */
    private final java.util.Set<String> liveMembers = ConcurrentHashMap.newKeySet();
    private final LongAdder callsSent = new LongAdder();
    private final LongAdder callsServed = new LongAdder();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "junction-cluster-interests");
        t.setDaemon(true);
        return t;
    });
    /**
     * Where a registration claim's decision is handed to the router (it takes the realm's lock and answers the
     * callee): not on Hazelcast's partition threads, which must not wait.
     */
    private final ExecutorService decisions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "junction-cluster-claims");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentHashMap<String, ITopic<Object>> inboxes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> sentTo = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private volatile String state = "starting";
    private volatile HazelcastInstance hz;
    private volatile String self;
    private volatile int slot;
    private volatile ReplicatedMap<String, Boolean> interests;
    private volatile ReplicatedMap<String, CalleeShare> registrations;
    private volatile RegistrationClaims claims;
    private volatile LocalRouting router;
    private volatile RetainedEvents retainedEvents;
    private volatile SessionDirectory sessions;
    private volatile MetaDirectory meta;
    /** This node's entries without its UUID, and the UUIDs it had before a split brain merged it (SplitBrainRecovery). */
    private final OwnEntries own = new OwnEntries();
    private final java.util.Set<String> formerSelves = ConcurrentHashMap.newKeySet();
    private final SplitBrainRecovery recovery = new SplitBrainRecovery(this::merged);
    /** Session-id slot changes (an IMap, whose calls can wait for minutes during a split brain). */
    private final ExecutorService slotWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "junction-cluster-slots");
        t.setDaemon(true);
        return t;
    });
    /**
     * Sweeps that still reread every entry from the replicas: after a merge, Hazelcast fills this member's replicas
     * from the other side without entry events, so the indexes learn those entries only by rereading.
     */
    private final java.util.concurrent.atomic.AtomicInteger rereads = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.ScheduledExecutorService sweeper =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "junction-cluster-sweep");
                t.setDaemon(true);
                return t;
            });

    ClusterNode(ClusterSettings settings, String digest) {
        this.settings = settings;
        this.digest = digest;
    }

    /** The digest taken once the configuration settled (SettledConfiguration), before {@link #start}. */
    void digest(String settled) {
        this.digest = settled;
    }

    /**
     * Starts the member and joins (blocks for the join), checks the configuration digest against the members
     * already there, and claims a session-id slot. Returns false when the node refused to stay (a digest mismatch
     * with {@code config_mismatch=refuse}): it then runs alone, without a cluster.
     */
    boolean start(ClassLoader classLoader) {
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config(classLoader));
        hz = instance;
        self = instance.getCluster().getLocalMember().getUuid().toString();
        // A member's current digest: the one it published after a configuration change, else its attribute.
        Map<String, String> others = new MemberDigests(instance).others();
        JoinCheck.Verdict verdict = JoinCheck.check(digest, others, settings.mismatch());
        if (!verdict.matches()) {
            LOG.error("Cluster {}: the realm/role/principal configuration of this node (digest {}) differs from "
                    + "member(s) {}; config_mismatch={}: {}", settings.clusterName(), digest, verdict.mismatches(),
                    settings.mismatch().name().toLowerCase(java.util.Locale.ROOT), verdict.leave()
                            ? "this node leaves the cluster and serves its own clients only"
                            : "staying in the cluster; clients may get different answers on different nodes");
            if (verdict.leave()) {
                state = "left: configuration differs from " + verdict.mismatches().keySet();
                instance.shutdown();
                hz = null;
                return false;
            }
        }
        instance.getCluster().addMembershipListener(new Membership());
        MemberDigests memberDigests = new MemberDigests(instance);
        memberDigests.onChange(this::digestPublished);
        digests = memberDigests;
        for (Member m : instance.getCluster().getMembers()) {
            liveMembers.add(m.getUuid().toString());
        }
        slot = claimSlot(instance);
        interests = instance.getReplicatedMap(INTERESTS_MAP);
        interests.addEntryListener(new EntryChanges<Boolean>((key, value) -> learn(key, value != null)));
        for (String key : interests.keySet()) {
            learn(key, true);
        }
        claims = new RegistrationClaims(instance.getMap(CLAIMS_MAP), self);
        registrations = instance.getReplicatedMap(REGISTRATIONS_MAP);
        registrations.addEntryListener(new EntryChanges<CalleeShare>(this::learnRegistration));
        for (Map.Entry<String, CalleeShare> e : registrations.entrySet()) {
            learnRegistration(e.getKey(), e.getValue());
        }
        retainedEvents = new RetainedEvents(instance, writer);
        SessionDirectory directory = new SessionDirectory(() -> self, this::isSelf, writer, () -> router);
        directory.start(instance);
        sessions = directory;
        MetaDirectory metaDirectory = new MetaDirectory(() -> self, this::isSelf, writer);
        metaDirectory.start(instance);
        meta = metaDirectory;
        ITopic<Object> inbox = instance.getTopic(INBOX_PREFIX + self);
        inbox.addMessageListener(m -> onMessage(m.getMessageObject()));
        instance.getLifecycleService().addLifecycleListener(recovery);
        long every = settings.memberTimeoutSeconds();
        sweeper.scheduleWithFixedDelay(() -> writer.execute(this::sweep), every, every, TimeUnit.SECONDS);
        state = "joined";
        LOG.info("Cluster {}: joined as {} ({} member(s)), session-id slot {}", settings.clusterName(),
                instance.getCluster().getLocalMember().getAddress(), instance.getCluster().getMembers().size(), slot);
        return true;
    }

    private Config config(ClassLoader classLoader) {
        Config c = new Config();
        c.setClusterName(settings.clusterName());
        c.setInstanceName("junction-" + settings.clusterName() + "-" + settings.port());
        // Classes that cross (ClusterEvent) are ours: Hazelcast must load them through this bundle.
        c.setClassLoader(classLoader);
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false"); // OSGi stops us, not the JVM's hook
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(settings.heartbeatSeconds()));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(settings.memberTimeoutSeconds()));
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        // Hazelcast looks for the other side of a split brain 300 s after start and every 120 s by default: a healed
        // partition would leave two clusters routing apart for minutes.
        c.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(settings.mergeIntervalSeconds()));
        c.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(settings.mergeIntervalSeconds()));
        c.getMemberAttributeConfig().setAttribute(DIGEST_ATTRIBUTE, digest);
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(settings.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(settings.iface());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members())
                .setConnectionTimeoutSeconds(settings.connectionTimeoutSeconds());
        return c;
    }

    /** The lowest slot free or held by a member that is gone. */
    private int claimSlot(HazelcastInstance instance) {
        IMap<Integer, String> slots = instance.getMap(SLOTS_MAP);
        java.util.Set<String> alive = new java.util.HashSet<>();
        for (Member m : instance.getCluster().getMembers()) {
            alive.add(m.getUuid().toString());
        }
        for (int s = 1; s <= SessionIdSpace.SLOTS; s++) {
            String holder = slots.putIfAbsent(s, self);
            if (holder == null || holder.equals(self) || (!alive.contains(holder) && slots.replace(s, holder, self))) {
                return s;
            }
        }
        throw new IllegalStateException("no free session-id slot: more than " + SessionIdSpace.SLOTS + " members");
    }

    /**
     * This node's realm, role or principal configuration changed after it joined: publishes the new digest and checks
     * it against the members' as at join (an ERROR naming the members that differ). Returns false when this node
     * must leave ({@code config_mismatch=refuse}); the caller then withdraws its services and calls {@link #leave}.
     */
    boolean configurationChanged(String newDigest) {
        MemberDigests memberDigests = digests;
        if (newDigest.equals(digest) || memberDigests == null) {
            return true;
        }
        String before = digest;
        digest = newDigest;
        memberDigests.publish(newDigest);
        JoinCheck.Verdict verdict = JoinCheck.check(newDigest, memberDigests.others(), settings.mismatch());
        if (verdict.matches()) {
            LOG.info("Cluster {}: the realm/role/principal configuration of this node changed (digest {} -> {}); "
                    + "it is the same as every member's", settings.clusterName(), before, newDigest);
            return true;
        }
        LOG.error("Cluster {}: the realm/role/principal configuration of this node changed (digest {} -> {}) and "
                + "now differs from member(s) {}; config_mismatch={}: {}", settings.clusterName(), before, newDigest,
                verdict.mismatches(), settings.mismatch().name().toLowerCase(java.util.Locale.ROOT), verdict.leave()
                        ? "this node leaves the cluster and serves its own clients only"
                        : "staying in the cluster; clients may get different answers on different nodes");
        if (verdict.leave()) {
            state = "left: configuration changed and differs from " + verdict.mismatches().keySet();
        }
        return !verdict.leave();
    }

    /** Another member published a new digest: the members log when it differs from this node's. */
    private void digestPublished(String uuid) {
        MemberDigests memberDigests = digests;
        HazelcastInstance instance = hz;
        if (memberDigests == null || instance == null || uuid.equals(self)) {
            return;
        }
        for (Member m : instance.getCluster().getMembers()) {
            String theirs = m.getUuid().toString().equals(uuid) ? memberDigests.of(m) : null;
            if (theirs != null && !theirs.equals(digest)) {
                LOG.warn("Cluster {}: member {} changed its realm/role/principal configuration and now differs "
                        + "from this node's (digest {}, this node {})", settings.clusterName(), m.getAddress(), theirs,
                        digest);
            }
        }
    }

    /** Leaves the cluster after a configuration change made this node differ: stops, keeping the reason shown. */
    void leave() {
        String why = state;
        stop();
        state = why;
    }

    /** The running member (the cluster's cookie stores live in it), or {@code null}. */
    HazelcastInstance hazelcast() {
        return hz;
    }

    void stop() {
        HazelcastInstance instance = hz;
        hz = null;
        state = "stopped";
        pendingCalls.stop("this node left the cluster");
        sweeper.shutdownNow();
        slotWriter.shutdownNow();
        writer.shutdown();
        decisions.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (instance != null) {
            IMap<Integer, String> slots = instance.getMap(SLOTS_MAP);
            slots.remove(slot, self);
            instance.shutdown();
        }
    }

    // ---- ClusterRouting ----

    @Override
    public void attach(LocalRouting localRouter) {
        router = localRouter;
        RetainedEvents retained = retainedEvents;
        if (retained != null) {
            retained.replay(localRouter); // what was retained on other nodes before this one joined
        }
    }

    @Override
    public void detach(LocalRouting localRouter) {
        if (router == localRouter) {
            router = null;
            String node = self;
            writer.execute(() -> {
                ReplicatedMap<String, Boolean> map = interests;
                if (map != null) {
                    map.keySet().stream().filter(k -> InterestKey.ofNode(k, node)).forEach(map::remove);
                }
                ReplicatedMap<String, CalleeShare> regs = registrations;
                if (regs != null) {
                    regs.keySet().stream().filter(k -> InterestKey.ofNode(k, node)).forEach(regs::remove);
                }
                RegistrationClaims held = claims;
                if (held != null) {
                    held.releaseNode(node);
                }
            });
            directories().forEach(d -> d.removeNode(node, true));
        }
    }

    @Override
    public long newSessionId() {
        return SessionIdSpace.sessionId(slot);
    }

    @Override
    public void subscriptionAdded(String realm, MatchPolicy match, String topic) {
        InterestKey interest = new InterestKey(self, realm, match, topic);
        own.subscribed(interest);
        String key = interest.encode();
        writer.execute(() -> interests.put(key, Boolean.TRUE));
    }

    @Override
    public void subscriptionRemoved(String realm, MatchPolicy match, String topic) {
        InterestKey interest = new InterestKey(self, realm, match, topic);
        own.unsubscribed(interest);
        String key = interest.encode();
        writer.execute(() -> interests.remove(key));
    }

    @Override
    public void published(RemotePublication publication) {
        List<String> nodes = index.nodesFor(self, publication.realm(), publication.topic());
        if (nodes.isEmpty()) {
            return;
        }
        HazelcastInstance instance = hz;
        if (instance == null) {
            return;
        }
        ClusterEvent event = ClusterEvent.of(publication);
        for (String node : nodes) {
            inbox(instance, node).publish(event);
            sent.increment();
            sentTo.computeIfAbsent(node, n -> new LongAdder()).increment();
        }
    }

    @Override
    public void publishedToAll(RemotePublication publication) {
        HazelcastInstance instance = hz;
        if (instance == null) {
            return;
        }
        ClusterEvent event = ClusterEvent.of(publication);
        if (Boolean.TRUE.equals(publication.options().get("retain"))) {
            RetainedEvents retained = retainedEvents;
            if (retained != null) {
                retained.record(event);
            }
        }
        for (Member m : instance.getCluster().getMembers()) {
            if (!m.localMember()) {
                String node = m.getUuid().toString();
                inbox(instance, node).publish(event);
                sent.increment();
                sentTo.computeIfAbsent(node, n -> new LongAdder()).increment();
            }
        }
    }

    @Override
    public void sessionJoined(String realm, long session, Map<String, Object> details) {
        SessionDirectory directory = sessions;
        if (directory != null) {
            directory.joined(realm, session, details);
        }
    }

    @Override
    public void sessionLeft(String realm, long session) {
        SessionDirectory directory = sessions;
        if (directory != null) {
            directory.left(realm, session);
        }
    }

    @Override
    public java.util.Collection<Map<String, Object>> remoteSessions(String realm) {
        SessionDirectory directory = sessions;
        return directory == null ? List.of() : directory.sessions(realm);
    }

    @Override
    public void metaChanged(String realm, String kind, long id, Supplier<Map<String, Object>> summary) {
        MetaDirectory directory = meta;
        if (directory != null) {
            directory.changed(realm, kind, id, summary);
        }
    }

    @Override
    public java.util.Collection<Map<String, Object>> remoteMeta(String realm, String kind) {
        MetaDirectory directory = meta;
        return directory == null ? List.of() : directory.entries(realm, kind);
    }

    @Override
    public boolean removeRemote(String realm, String kind, long id, long session, String reason) {
        HazelcastInstance instance = hz;
        MetaDirectory directory = meta;
        String node = instance == null || directory == null ? null : directory.nodeOf(realm, kind, id);
        if (node == null) {
            return false;
        }
        inbox(instance, node).publish(new RemoveRequest(realm, kind, id, session, reason));
        return true;
    }

    @Override
    public boolean killRemote(String realm, long session, String reason, String message) {
        HazelcastInstance instance = hz;
        SessionDirectory directory = sessions;
        String node = instance == null || directory == null ? null : directory.nodeOf(realm, session);
        if (node == null) {
            return false;
        }
        inbox(instance, node).publish(new KillRequest(realm, session, reason, message));
        return true;
    }

    @Override
    public void registrationAdded(String realm, MatchPolicy match, String procedure, String invoke) {
        InterestKey registration = new InterestKey(self, realm, match, procedure);
        long now = System.currentTimeMillis();
        CalleeShare share = new CalleeShare(invoke, 1, now, now);
        own.registered(registration, share);
        String key = registration.encode();
        writer.execute(() -> registrations.putIfAbsent(key, share));
    }

    @Override
    public void calleesChanged(String realm, LocalCallees callees) {
        InterestKey registration = new InterestKey(self, realm, callees.match(), callees.procedure());
        String key = registration.encode();
        CalleeShare share = CalleeShare.of(callees);
        if (share.count() > 0) {
            own.registered(registration, share);
        } else {
            own.unregistered(registration);
        }
        writer.execute(() -> {
            if (share.count() > 0) {
                registrations.put(key, share);
            } else {
                registrations.remove(key);
            }
        });
    }

    @Override
    public CallPlacement place(String realm, String procedure, LocalCallees local) {
        return registrationIndex.place(self, realm, procedure, local);
    }

    @Override
    public void claimRegistration(String realm, MatchPolicy match, String procedure, String invoke,
            Consumer<String> decided) {
        RegistrationClaims held = claims;
        if (held == null || hz == null) {
            decided.accept(registrationConflict(realm, match, procedure, invoke));
            return;
        }
        held.claim(realm, match, procedure, invoke).whenCompleteAsync((conflict, failure) -> {
            if (failure != null) {
                // The map cannot answer (this member stops, or lost its cluster): decide from what is known.
                LOG.warn("Cluster {}: registration claim for {} in realm {} failed ({}); deciding from the "
                        + "registrations known here", settings.clusterName(), procedure, realm, failure.toString());
                decided.accept(registrationConflict(realm, match, procedure, invoke));
            } else {
                decided.accept(conflict);
            }
        }, task -> {
            try {
                decisions.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                task.run(); // this node stops: the callee is still answered
            }
        });
    }

    @Override
    public void releaseRegistration(String realm, MatchPolicy match, String procedure) {
        RegistrationClaims held = claims;
        if (held != null) {
            // Called under the router's lock: the map is reached from the writer thread.
            writer.execute(() -> {
                if (hz != null) {
                    held.release(realm, match, procedure);
                }
            });
        }
    }

    @Override
    public void registrationRemoved(String realm, MatchPolicy match, String procedure) {
        InterestKey registration = new InterestKey(self, realm, match, procedure);
        own.unregistered(registration);
        String key = registration.encode();
        writer.execute(() -> registrations.remove(key));
    }

    @Override
    public String registrationConflict(String realm, MatchPolicy match, String procedure, String invoke) {
        return registrationIndex.conflict(self, realm, match, procedure, invoke);
    }

    @Override
    public boolean call(RemoteCall call, RemoteAnswer answer) {
        return forward(call, CallPlacement.ELSEWHERE, answer) != null;
    }

    @Override
    public RemoteCallHandle forward(RemoteCall call, CallPlacement placement, RemoteAnswer answer) {
        HazelcastInstance instance = hz;
        if (instance == null) {
            return null;
        }
        String node = placement.node() == null || placement.node().isEmpty()
                ? registrationIndex.nodeFor(self, call.realm(), call.procedure())
                : placement.node();
        if (node == null || node.equals(self) || !liveMembers.contains(node)) {
            return null;
        }
        long bound = (call.timeoutMillis() > 0 ? call.timeoutMillis() : DEFAULT_CALL_TIMEOUT_MS) + REPLY_MARGIN_MS;
        long id = pendingCalls.add(node, answer, bound);
        if (id < 0) {
            return null;
        }
        Payload payload = call.payload();
        ITopic<Object> target = inbox(instance, node);
        target.publish(new CallRequest(id, self, call.realm(), call.procedure(), call.caller(), call.timeoutMillis(),
                ClusterEvent.plainList(payload.args()), ClusterEvent.plainMap(payload.kwargs()), placement.callee(),
                call.receiveProgress(), call.discloseMe(), call.disclosure(),
                ClusterEvent.plainMap(call.callerDetails()), call.progress(), call.callerSerializer(),
                ClusterEvent.plainMap(call.passthru())));
        callsSent.increment();
        if (!liveMembers.contains(node)) {
            // It left while the call was sent; its departure may have answered the pending calls before this one.
            pendingCalls.cancel(node, "the callee's node left the cluster");
        }
        return new RemoteCallHandle() {
            @Override
            public void cancel(String mode) {
                if (pendingCalls.waiting(id) && hz != null) {
                    target.publish(new CancelRequest(id, self, mode));
                }
            }

            @Override
            public void chunk(Payload next, boolean more) {
                if (pendingCalls.waiting(id) && hz != null) {
                    target.publish(new ChunkRequest(id, self, ClusterEvent.plainList(next.args()),
                            ClusterEvent.plainMap(next.kwargs()), more));
                }
            }
        };
    }

    private ITopic<Object> inbox(HazelcastInstance instance, String node) {
        return inboxes.computeIfAbsent(node, n -> instance.getTopic(INBOX_PREFIX + n));
    }

    /** What arrives in this node's inbox, one message at a time in each sender's order. */
    private void onMessage(Object message) {
        if (message instanceof ClusterEvent event) {
            received.increment();
            LocalRouting r = router;
            if (r != null) {
                r.deliver(event.toPublication());
            }
        } else if (message instanceof CallRequest request) {
            serve(request);
        } else if (message instanceof CallReply reply) {
            pendingCalls.answer(reply);
        } else if (message instanceof KillRequest kill) {
            LocalRouting r = router;
            if (r != null) {
                r.kill(kill.realm(), kill.session(), kill.reason(), kill.message());
            }
        } else if (message instanceof RemoveRequest remove) {
            LocalRouting r = router;
            if (r != null) {
                r.remove(remove.realm(), remove.kind(), remove.id(), remove.session(), remove.reason());
            }
        } else if (message instanceof ChunkRequest chunk) {
            servedCalls.chunk(chunk.replyTo(), chunk.id(), Payload.of(chunk.args(), chunk.kwargs()), chunk.more());
        } else if (message instanceof CancelRequest cancel) {
            servedCalls.cancel(cancel.replyTo(), cancel.id(), cancel.mode());
        }
    }

    /** Runs a call forwarded by another node through this node's dealer and sends the answer back. */
    private void serve(CallRequest request) {
        callsServed.increment();
        HazelcastInstance instance = hz;
        LocalRouting r = router;
        if (instance == null) {
            return;
        }
        if (r == null) {
            inbox(instance, request.replyTo()).publish(new CallReply(request.id(), WAMP_NO_SUCH_PROCEDURE,
                    List.of("the callee's node is not routing"), Map.of()));
            return;
        }
        ServedCalls.Served served = servedCalls.start(request.replyTo(), request.id());
        RemoteCall call = new RemoteCall(request.realm(), request.procedure(), request.caller(),
                request.timeoutMillis(), Payload.of(request.args(), request.kwargs()), request.receiveProgress(),
                request.discloseMe(), request.disclosure(), request.callerDetails(), request.progress(),
                request.callerSerializer(), request.passthru());
        served.handle(r.serve(call, request.callee(), new RemoteAnswer() {
            @Override
            public void progress(Payload payload) {
                progress(payload, Map.of());
            }

            @Override
            public void progress(Payload payload, Map<String, Object> details) {
                reply(new CallReply(request.id(), null, ClusterEvent.plainList(payload.args()),
                        ClusterEvent.plainMap(payload.kwargs()), true, ClusterEvent.plainMap(details)));
            }

            @Override
            public void result(Payload payload) {
                result(payload, Map.of());
            }

            @Override
            public void result(Payload payload, Map<String, Object> details) {
                servedCalls.end(request.replyTo(), request.id());
                reply(new CallReply(request.id(), null, ClusterEvent.plainList(payload.args()),
                        ClusterEvent.plainMap(payload.kwargs()), false, ClusterEvent.plainMap(details)));
            }

            @Override
            public void error(String uri, Payload payload) {
                error(uri, payload, Map.of());
            }

            @Override
            public void error(String uri, Payload payload, Map<String, Object> details) {
                servedCalls.end(request.replyTo(), request.id());
                reply(new CallReply(request.id(), uri, ClusterEvent.plainList(payload.args()),
                        ClusterEvent.plainMap(payload.kwargs()), false, ClusterEvent.plainMap(details)));
            }

            private void reply(CallReply reply) {
                HazelcastInstance now = hz;
                if (now != null) {
                    inbox(now, request.replyTo()).publish(reply);
                }
            }
        }));
    }

    private void learnRegistration(String encoded, CalleeShare share) {
        InterestKey key = InterestKey.decode(encoded);
        if (key == null || isSelf(key.node())) {
            return;
        }
        if (share != null) {
            registrationIndex.add(key, share);
        } else {
            registrationIndex.remove(key);
        }
    }

    private boolean isSelf(String node) {
        return node.equals(self) || formerSelves.contains(node);
    }

    // ---- after a split brain (SplitBrainRecovery) ----

    /**
     * This member merged into the other side of a healed split brain and has a new UUID: the node takes it as its
     * own, listens on the inbox of the new UUID (the old one's stays, for what others still send there), forgets the
     * topic proxies from before the merge, and puts its own entries again under the new UUID; the old UUID's entries
     * go (now and at every sweep). It then rereads everyone else's entries from the merged replicas.
     */
    private void merged() {
        HazelcastInstance instance = hz;
        if (instance == null) {
            return;
        }
        String now = instance.getCluster().getLocalMember().getUuid().toString();
        String old = self;
        if (now.equals(old)) {
            return;
        }
        formerSelves.add(old);
        self = now;
        inboxes.clear();
        instance.getTopic(INBOX_PREFIX + now).addMessageListener(m -> onMessage(m.getMessageObject()));
        interests.addEntryListener(new EntryChanges<Boolean>((key, value) -> learn(key, value != null)));
        registrations.addEntryListener(new EntryChanges<CalleeShare>(this::learnRegistration));
        rereads.set(3);
        LOG.warn("Cluster {}: this member merged into the other side of a split brain; its member id changed from {} "
                + "to {}, its subscriptions and registrations are announced again", settings.clusterName(), old, now);
        writer.execute(() -> {
            ReplicatedMap<String, Boolean> map = interests;
            ReplicatedMap<String, CalleeShare> regs = registrations;
            map.keySet().stream().filter(k -> InterestKey.ofNode(k, old)).forEach(map::remove);
            regs.keySet().stream().filter(k -> InterestKey.ofNode(k, old)).forEach(regs::remove);
            own.subscriptions().keySet().forEach(e -> map.put(e.of(now).encode(), Boolean.TRUE));
            own.registrations().forEach((e, share) -> regs.put(e.of(now).encode(), share));
            map.keySet().forEach(k -> learn(k, true));
            regs.entrySet().forEach(e -> learnRegistration(e.getKey(), e.getValue()));
            directories().forEach(d -> d.merged(old, now));
        });
        slotWriter.execute(() -> {
            IMap<Integer, String> slots = instance.getMap(SLOTS_MAP);
            String holder = slots.putIfAbsent(slot, now);
            if (holder != null && !holder.equals(now) && !slots.replace(slot, old, now)) {
                LOG.warn("Cluster {}: session-id slot {} was taken during the split brain by {}: session ids of "
                        + "this node and that one may collide until one of them restarts", settings.clusterName(),
                        slot, holder);
            }
        });
    }

    /** The directories of node-keyed entries (sessions, meta summaries) started so far. */
    private List<NodeDirectory> directories() {
        return java.util.stream.Stream.of(sessions, meta).filter(Objects::nonNull)
                .map(NodeDirectory.class::cast).toList();
    }

    /** Removes the entries of UUIDs that are no members (SplitBrainRecovery#sweep); on the writer thread. */
    private void sweep() {
        HazelcastInstance instance = hz;
        if (instance != null) {
            List<NodeDirectory> directories = directories();
            List<SplitBrainRecovery.Swept> swept = new ArrayList<>(List.of(SplitBrainRecovery.Swept.interests(interests),
                    SplitBrainRecovery.Swept.interests(registrations)));
            directories.forEach(d -> swept.add(new SplitBrainRecovery.Swept(d.map(), NodeEntries::nodeOfKey)));
            recovery.sweep(instance, () -> java.util.Set.copyOf(formerSelves), swept);
            directories.forEach(NodeDirectory::reread);
            if (rereads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                interests.keySet().forEach(k -> learn(k, true));
                registrations.entrySet().forEach(e -> learnRegistration(e.getKey(), e.getValue()));
            }
        }
    }

    // ---- what other members subscribe to ----

    private void learn(String encoded, boolean added) {
        InterestKey key = InterestKey.decode(encoded);
        if (key == null || isSelf(key.node())) {
            return;
        }
        if (added) {
            index.add(key);
        } else {
            index.remove(key);
        }
    }

    /** A member that leaves takes its subscriptions and its slot with it; every survivor cleans up (idempotent). */
    private final class Membership implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent e) {
            liveMembers.add(e.getMember().getUuid().toString());
            String theirs = e.getMember().getAttribute(DIGEST_ATTRIBUTE);
            if (theirs != null && !theirs.equals(digest)) {
                LOG.warn("Cluster {}: member {} joined with a different realm/role/principal configuration "
                        + "(digest {}, this node {})", settings.clusterName(), e.getMember().getAddress(), theirs,
                        digest);
            }
        }

        @Override
        public void memberRemoved(MembershipEvent e) {
            UUID gone = e.getMember().getUuid();
            String node = gone.toString();
            liveMembers.remove(node);
            index.removeNode(node);
            registrationIndex.removeNode(node);
            inboxes.remove(node);
            pendingCalls.cancel(node, "the callee's node left the cluster");
            directories().forEach(d -> d.removeNode(node, true));
            servedCalls.cancelFrom(node);
            LOG.info("Cluster {}: member {} left; its subscriptions are withdrawn", settings.clusterName(),
                    e.getMember().getAddress());
            writer.execute(() -> {
                HazelcastInstance instance = hz;
                ReplicatedMap<String, Boolean> map = interests;
                if (instance == null || map == null) {
                    return;
                }
                map.keySet().stream().filter(k -> InterestKey.ofNode(k, node)).forEach(map::remove);
                ReplicatedMap<String, CalleeShare> regs = registrations;
                if (regs != null) {
                    regs.keySet().stream().filter(k -> InterestKey.ofNode(k, node)).forEach(regs::remove);
                }
                MemberDigests memberDigests = digests;
                if (memberDigests != null) {
                    memberDigests.forget(node);
                }
            });
            // Not on the writer: on the side of a split brain that lost the partitions of these IMaps (session-id
            // slots, registration claims), their calls wait (up to Hazelcast's invocation timeout, minutes) and would
            // hold up every interest change behind them.
            slotWriter.execute(() -> {
                HazelcastInstance instance = hz;
                if (instance == null) {
                    return;
                }
                RegistrationClaims held = claims;
                if (held != null) {
                    held.releaseNode(node);
                }
                IMap<Integer, String> slots = instance.getMap(SLOTS_MAP);
                slots.entrySet().stream().filter(en -> node.equals(en.getValue()))
                        .forEach(en -> slots.remove(en.getKey(), node));
            });
        }
    }

    // ---- ClusterStatus ----

    @Override
    public String state() {
        return state;
    }

    @Override
    public String clusterName() {
        return settings.clusterName();
    }

    @Override
    public String configDigest() {
        return digest;
    }

    @Override
    public List<MemberView> members() {
        HazelcastInstance instance = hz;
        List<MemberView> out = new ArrayList<>();
        if (instance != null) {
            for (Member m : instance.getCluster().getMembers()) {
                MemberDigests memberDigests = digests;
                out.add(new MemberView(m.getUuid().toString(), String.valueOf(m.getAddress()), m.localMember(),
                        memberDigests == null ? m.getAttribute(DIGEST_ATTRIBUTE) : memberDigests.of(m)));
            }
        }
        return out;
    }

    @Override
    public long eventsSent() {
        return sent.sum();
    }

    @Override
    public long eventsReceived() {
        return received.sum();
    }

    @Override
    public long callsSent() {
        return callsSent.sum();
    }

    @Override
    public long callsServed() {
        return callsServed.sum();
    }

    @Override
    public Map<String, Long> eventsSentTo() {
        Map<String, Long> out = new TreeMap<>();
        sentTo.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public Map<String, Integer> subscriptionsByNode() {
        ReplicatedMap<String, Boolean> map = interests;
        return map == null ? Map.of() : KnownEntries.byNode(map.keySet());
    }

    @Override
    public Map<String, Integer> registrationsByNode() {
        ReplicatedMap<String, CalleeShare> map = registrations;
        return map == null ? Map.of() : KnownEntries.byNode(map.keySet());
    }
}
