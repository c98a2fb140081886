package dev.junction.router.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.api.MatchPolicy;
import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.message.Call;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Result;

/**
 * The realm's meta API (Advanced Profile): the {@code wamp.session.*}, {@code wamp.registration.*} and
 * {@code wamp.subscription.*} procedures the router answers itself, and the meta events it publishes in the realm.
 * Off when the realm option {@code enable_meta_api} is false; then the procedures do not exist and no meta event is
 * published.
 */
final class MetaApi {
    private final Realm realm;

    MetaApi(Realm realm) {
        this.realm = realm;
    }

    private boolean on() {
        return realm.settings().metaApi();
    }

    // ---- events ----

    void sessionJoined(WampSession session) {
        dev.junction.spi.cluster.ClusterRouting cluster = realm.cluster();
        if (cluster != null) { // so that the meta API of the other nodes answers for it
            cluster.sessionJoined(realm.name(), session.info().id(), describe(session));
        }
        // Checked first: describing the session costs more than the lookup, on every join of a realm nobody watches.
        if (on() && realm.broker().hasSubscribers("wamp.session.on_join")) {
            realm.broker().publishMeta("wamp.session.on_join", Payload.of(describe(session)));
        }
    }

    void sessionLeft(WampSession session) {
        flushTestaments(session, "detached", true);
        flushTestaments(session, "destroyed", true);
        SessionInfo i = session.info();
        dev.junction.spi.cluster.ClusterRouting cluster = realm.cluster();
        if (cluster != null && i != null) {
            cluster.sessionLeft(realm.name(), i.id());
        }
        if (on() && i != null && realm.broker().hasSubscribers("wamp.session.on_leave")) {
            realm.broker().publishMeta("wamp.session.on_leave", Payload.of(i.id(), i.authid(), i.authrole()));
        }
    }

    /** A session joined on another node of the cluster: its meta event for this node's subscribers. */
    void sessionJoinedElsewhere(Map<String, Object> details) {
        if (on()) {
            realm.broker().publishMeta("wamp.session.on_join", Payload.of(details));
        }
    }

    /** A session of another node of the cluster left (or went with its node). */
    void sessionLeftElsewhere(long session, String authid, String authrole) {
        if (on()) {
            realm.broker().publishMeta("wamp.session.on_leave", Payload.of(session, authid, authrole));
        }
    }

    void registered(WampSession session, Registration reg, boolean created) {
        RemoteMeta.changed(realm, reg); // so that the meta API of the other nodes answers for it
        if (on()) {
            if (created) {
                realm.broker().publishMeta("wamp.registration.on_create",
                        Payload.of(session.info().id(), describe(reg)));
            }
            realm.broker().publishMeta("wamp.registration.on_register", Payload.of(session.info().id(), reg.id));
        }
    }

    void unregistered(WampSession session, Registration reg, boolean deleted) {
        RemoteMeta.changed(realm, reg);
        if (on()) {
            realm.broker().publishMeta("wamp.registration.on_unregister", Payload.of(session.info().id(), reg.id));
            if (deleted) {
                realm.broker().publishMeta("wamp.registration.on_delete", Payload.of(session.info().id(), reg.id));
            }
        }
    }

    void subscribed(WampSession session, Subscription sub, boolean created) {
        RemoteMeta.changed(realm, sub);
        if (on()) {
            if (created) {
                realm.broker().publishMeta("wamp.subscription.on_create",
                        Payload.of(session.info().id(), describe(sub)));
            }
            realm.broker().publishMeta("wamp.subscription.on_subscribe", Payload.of(session.info().id(), sub.id));
        }
    }

    void unsubscribed(WampSession session, Subscription sub, boolean deleted) {
        RemoteMeta.changed(realm, sub);
        if (on()) {
            realm.broker().publishMeta("wamp.subscription.on_unsubscribe", Payload.of(session.info().id(), sub.id));
            if (deleted) {
                realm.broker().publishMeta("wamp.subscription.on_delete", Payload.of(session.info().id(), sub.id));
            }
        }
    }

    // ---- procedures ----

    /** Answers a CALL to a {@code wamp.*} procedure; false when it is not a meta procedure of this realm. */
    boolean call(WampSession caller, Call call) {
        if (!on()) {
            return false;
        }
        List<Object> args = call.payload().args();
        Map<String, Object> kwargs = call.payload().kwargs();
        Object result;
        try {
            result = switch (call.procedure()) {
                case "wamp.session.count" -> sessions(args).size() + remoteSessions(args).size();
                case "wamp.session.list" -> {
                    List<Long> ids = new ArrayList<>(sessions(args).stream().map(s -> s.info().id()).toList());
                    remoteSessions(args).forEach(d -> ids.add(RemoteSessions.id(d)));
                    yield ids;
                }
                case "wamp.session.get" -> {
                    Map<String, Object> elsewhere = remoteSession(args, 0);
                    yield elsewhere != null ? elsewhere : describe(session(args, 0));
                }
                case "wamp.session.kill" -> {
                    Map<String, Object> elsewhere = remoteSession(args, 0);
                    if (elsewhere != null) {
                        kill(caller, List.of(), List.of(elsewhere), kwargs);
                        yield null;
                    }
                    WampSession target = session(args, 0);
                    if (target == caller) { // no *other* session has that id
                        throw new MetaError(WampUris.ERROR_NO_SUCH_SESSION, "no other session " + args.get(0));
                    }
                    kill(caller, List.of(target), List.of(), kwargs);
                    yield null;
                }
                case "wamp.session.kill_by_authid" -> kill(caller,
                        matching(s -> s.info().authid().equals(string(args, 0))),
                        RemoteSessions.matching(realm, d -> string(args, 0).equals(d.get("authid"))), kwargs).size();
                case "wamp.session.kill_by_authrole" -> kill(caller,
                        matching(s -> s.info().authrole().equals(string(args, 0))),
                        RemoteSessions.matching(realm, d -> string(args, 0).equals(d.get("authrole"))), kwargs).size();
                case "wamp.session.kill_all" ->
                    kill(caller, matching(s -> true), RemoteSessions.matching(realm, d -> true), kwargs).size();
                case "wamp.session.add_testament" -> {
                    addTestament(caller, args, kwargs);
                    yield null;
                }
                case "wamp.session.flush_testaments" -> flushTestaments(caller, scope(kwargs), false);
                case "wamp.registration.list" -> list(realm.dealer().table(), RemoteMeta.REGISTRATION);
                case "wamp.registration.lookup" ->
                    lookup(realm.dealer().table(), RemoteMeta.REGISTRATION, args, kwargs);
                case "wamp.registration.match" -> matchingRegistration(string(args, 0));
                case "wamp.registration.get" -> {
                    Map<String, Object> elsewhere = remoteEntry(RemoteMeta.REGISTRATION, args);
                    yield elsewhere != null ? RemoteMeta.describe(elsewhere) : describe(registration(args));
                }
                case "wamp.registration.list_callees" -> {
                    Map<String, Object> elsewhere = remoteEntry(RemoteMeta.REGISTRATION, args);
                    yield elsewhere != null ? RemoteMeta.sessions(elsewhere) : ids(registration(args).callees);
                }
                case "wamp.registration.count_callees" -> {
                    Map<String, Object> elsewhere = remoteEntry(RemoteMeta.REGISTRATION, args);
                    yield elsewhere != null ? RemoteMeta.sessions(elsewhere).size() : registration(args).callees.size();
                }
                case "wamp.registration.remove_callee" -> {
                    Map<String, Object> elsewhere = remoteEntry(RemoteMeta.REGISTRATION, args);
                    if (elsewhere != null) {
                        removeElsewhere(RemoteMeta.REGISTRATION, elsewhere, args, kwargs,
                                WampUris.ERROR_NO_SUCH_REGISTRATION, "callee");
                        yield null;
                    }
                    Registration reg = registration(args);
                    if (!realm.dealer().revoke(session(args, 1), reg, reason(kwargs))) {
                        throw new MetaError(WampUris.ERROR_NO_SUCH_REGISTRATION,
                                "session " + args.get(1) + " is no callee of registration " + reg.id);
                    }
                    yield null;
                }
                case "wamp.subscription.list" -> list(realm.broker().table(), RemoteMeta.SUBSCRIPTION);
                case "wamp.subscription.lookup" ->
                    lookup(realm.broker().table(), RemoteMeta.SUBSCRIPTION, args, kwargs);
                case "wamp.subscription.match" -> matchingSubscriptions(string(args, 0));
                case "wamp.subscription.get" -> {
                    Map<String, Object> elsewhere = remoteEntry(RemoteMeta.SUBSCRIPTION, args);
                    yield elsewhere != null ? RemoteMeta.describe(elsewhere) : describe(subscription(args));
                }
                case "wamp.subscription.list_subscribers" -> {
                    Map<String, Object> elsewhere = remoteEntry(RemoteMeta.SUBSCRIPTION, args);
                    yield elsewhere != null ? RemoteMeta.sessions(elsewhere) : ids(subscription(args).subscribers);
                }
                case "wamp.subscription.count_subscribers" -> {
                    Map<String, Object> elsewhere = remoteEntry(RemoteMeta.SUBSCRIPTION, args);
                    yield elsewhere != null ? RemoteMeta.sessions(elsewhere).size()
                            : subscription(args).subscribers.size();
                }
                case "wamp.subscription.get_events" -> {
                    HistoryQuery query;
                    try {
                        query = HistoryQuery.parse(kwargs);
                    } catch (IllegalArgumentException e) {
                        throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, e.getMessage());
                    }
                    try {
                        yield realm.broker().events(caller, subscription(args), query);
                    } catch (IllegalArgumentException e) { // a publication filter naming no stored publication
                        throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, e.getMessage());
                    }
                }
                case "wamp.subscription.remove_subscriber" -> {
                    Map<String, Object> elsewhere = remoteEntry(RemoteMeta.SUBSCRIPTION, args);
                    if (elsewhere != null) {
                        removeElsewhere(RemoteMeta.SUBSCRIPTION, elsewhere, args, kwargs,
                                WampUris.ERROR_NO_SUCH_SUBSCRIPTION, "subscriber");
                        yield null;
                    }
                    Subscription sub = subscription(args);
                    if (!realm.broker().revoke(session(args, 1), sub, reason(kwargs))) {
                        throw new MetaError(WampUris.ERROR_NO_SUCH_SUBSCRIPTION,
                                "session " + args.get(1) + " is no subscriber of subscription " + sub.id);
                    }
                    yield null;
                }
                default -> NOT_META;
            };
        } catch (MetaError e) {
            caller.sendError(Call.TYPE, call.request(), e.uri, e.getMessage());
            return true;
        }
        if (result == NOT_META) {
            return false;
        }
        caller.send(new Result(call.request(), Map.of(), result == null ? Payload.EMPTY
                : Payload.of(java.util.Collections.singletonList(result), null)));
        return true;
    }

    private static final Object NOT_META = new Object();

    /** A publication a session leaves behind, published when it leaves (testament meta API). */
    record Testament(String topic, Payload payload, Map<String, Object> publishOptions, String scope) {
    }

    /** {@code wamp.session.add_testament(topic, args, kwargs, publish_options=, scope=)}. */
    private void addTestament(WampSession caller, List<Object> args, Map<String, Object> kwargs) {
        String topic = string(args, 0);
        if (!realm.uriCheck().isValid(topic) || topic.startsWith("wamp.")) {
            throw new MetaError(WampUris.ERROR_INVALID_URI, "invalid testament topic '" + topic + "'");
        }
        Object testamentArgs = args.size() > 1 ? args.get(1) : List.of();
        Object testamentKwargs = args.size() > 2 ? args.get(2) : Map.of();
        Object options = kwargs.getOrDefault("publish_options", Map.of());
        if (!(testamentArgs instanceof List<?> a) || !(testamentKwargs instanceof Map<?, ?> k)
                || !(options instanceof Map<?, ?> o)) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "args must be a list, kwargs and publish_options dicts");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> publishOptions = new LinkedHashMap<>((Map<String, Object>) o);
        publishOptions.remove("acknowledge"); // nobody is left to receive PUBLISHED
        @SuppressWarnings("unchecked")
        Payload payload = Payload.of((List<Object>) a, (Map<String, Object>) k);
        caller.testaments.add(new Testament(topic, payload, publishOptions, scope(kwargs)));
    }

    private static String scope(Map<String, Object> kwargs) {
        Object scope = kwargs.getOrDefault("scope", "destroyed");
        if (!"destroyed".equals(scope) && !"detached".equals(scope)) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "scope must be destroyed or detached, was " + scope);
        }
        return (String) scope;
    }

    /**
     * Removes the session's testaments of {@code scope} and returns how many there were; with {@code publish},
     * publishes them as the session would have (a session leaving without resumption is both detached and
     * destroyed, so both scopes are published then).
     */
    int flushTestaments(WampSession session, String scope, boolean publish) {
        int n = 0;
        for (Testament t : session.testaments) {
            if (scope == null || t.scope().equals(scope)) {
                session.testaments.remove(t);
                n++;
                if (publish) {
                    realm.broker().publish(session, new dev.junction.api.message.Publish(
                            dev.junction.api.WampIds.randomId(), t.publishOptions(), t.topic(), t.payload()));
                }
            }
        }
        return n;
    }

    private List<WampSession> sessions(List<Object> args) {
        if (!args.isEmpty() && args.get(0) instanceof List<?> roles) {
            return matching(s -> roles.contains(s.info().authrole()));
        }
        return matching(s -> true);
    }

    /** The other nodes' sessions {@code wamp.session.count}/{@code list} count (optionally of some authroles). */
    private List<Map<String, Object>> remoteSessions(List<Object> args) {
        if (!args.isEmpty() && args.get(0) instanceof List<?> roles) {
            return RemoteSessions.matching(realm, d -> roles.contains(d.get("authrole")));
        }
        return RemoteSessions.matching(realm, d -> true);
    }

    /** Another node's session whose id is argument {@code index}, or {@code null} (then it may be local). */
    private Map<String, Object> remoteSession(List<Object> args, int index) {
        Long id = idValue(args.size() > index ? args.get(index) : null);
        return id == null ? null : RemoteSessions.get(realm, id);
    }

    private List<WampSession> matching(java.util.function.Predicate<WampSession> filter) {
        List<WampSession> out = new ArrayList<>();
        for (WampSession s : realm.sessions()) {
            if (s.info() != null && !s.hasLeft() && filter.test(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private WampSession session(List<Object> args, int index) {
        Long id = idValue(args.size() > index ? args.get(index) : null);
        if (id == null) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "a session id is required");
        }
        for (WampSession s : realm.sessions()) {
            if (s.info() != null && s.info().id() == id && !s.hasLeft()) {
                return s;
            }
        }
        throw new MetaError(WampUris.ERROR_NO_SUCH_SESSION, "no session " + id + " in this realm");
    }

    /**
     * Sends GOODBYE to every session but the caller, as the spec's session meta API says: reason
     * {@code wamp.close.normal} unless {@code reason} is given (Crossbar: {@code wamp.close.killed}), {@code message} in
     * the GOODBYE details only when given. The nodes of {@code elsewhere} (other nodes' sessions) are asked to do
     * the same.
     */
    private List<Long> kill(WampSession caller, List<WampSession> targets, List<Map<String, Object>> elsewhere,
            Map<String, Object> kwargs) {
        Object reason = kwargs.getOrDefault("reason", WampUris.CLOSE_NORMAL);
        Object message = kwargs.get("message");
        if (!(reason instanceof String r) || !UriCheck.LOOSE.isValid(r)) {
            throw new MetaError(WampUris.ERROR_INVALID_URI, "reason must be a non-empty URI, was " + reason);
        }
        if (message != null && !(message instanceof String)) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "message must be a string");
        }
        List<Long> killed = new ArrayList<>();
        for (WampSession target : targets) {
            if (target != caller) {
                killed.add(target.info().id());
                target.kill((String) reason, (String) message);
            }
        }
        // Other nodes' sessions: their node sends the GOODBYE, shortly after this answer.
        killed.addAll(RemoteSessions.kill(realm, elsewhere, (String) reason, (String) message));
        return killed;
    }

    /** The optional {@code reason} keyword of remove_callee and remove_subscriber. */
    private static String reason(Map<String, Object> kwargs) {
        Object reason = kwargs.get("reason");
        if (reason != null && !(reason instanceof String)) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "reason must be a string");
        }
        return (String) reason;
    }

    private static String string(List<Object> args, int index) {
        if (args.size() <= index || !(args.get(index) instanceof String s)) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "argument " + index + " must be a URI");
        }
        return s;
    }

    private static long id(List<Object> args) {
        Long id = idValue(args.isEmpty() ? null : args.get(0));
        if (id == null) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "an id is required");
        }
        return id;
    }

    /**
     * An id argument: an integer, or a float with an integral value up to 2^53. Some clients (wampy.js with MsgPack,
     * whose msgpackr writes integers beyond 32 bits as float64) send ids as floats in call arguments; the value is
     * still exact. (The ids in the WAMP messages themselves must be integers, and are checked as such.)
     */
    static Long idValue(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) <= 9007199254740992d) {
            return d.longValue();
        }
        return null;
    }

    private Registration registration(List<Object> args) {
        long id = id(args);
        for (MatchPolicy m : MatchPolicy.values()) {
            for (Registration r : realm.dealer().table().values(m)) {
                if (r.id == id) {
                    return r;
                }
            }
        }
        throw new MetaError(WampUris.ERROR_NO_SUCH_REGISTRATION, "no registration " + id);
    }

    private Subscription subscription(List<Object> args) {
        long id = id(args);
        for (MatchPolicy m : MatchPolicy.values()) {
            for (Subscription s : realm.broker().table().values(m)) {
                if (s.id == id) {
                    return s;
                }
            }
        }
        throw new MetaError(WampUris.ERROR_NO_SUCH_SUBSCRIPTION, "no subscription " + id);
    }

    /** This node's ids of each match policy, then the other nodes' ({@code kind} names which). */
    private Map<String, Object> list(PatternTable<?> table, String kind) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> elsewhere = RemoteMeta.entries(realm, kind);
        for (MatchPolicy m : MatchPolicy.values()) {
            List<Long> ids = new ArrayList<>();
            for (Object o : table.values(m)) {
                ids.add(o instanceof Registration r ? r.id : ((Subscription) o).id);
            }
            for (Map<String, Object> e : elsewhere) {
                if (RemoteMeta.match(e) == m) {
                    ids.add(RemoteMeta.id(e));
                }
            }
            out.put(m.wireName(), ids);
        }
        return out;
    }

    /** Another node's subscription or registration whose id is argument 0, or {@code null} (then it may be local). */
    private Map<String, Object> remoteEntry(String kind, List<Object> args) {
        Long id = idValue(args.isEmpty() ? null : args.get(0));
        return id == null ? null : RemoteMeta.get(realm, kind, id);
    }

    /**
     * remove_subscriber / remove_callee of another node's subscription or registration: checked against what this
     * node knows of its sessions, then that node is asked to remove the session; it does so shortly after the caller
     * got its RESULT, as for a kill of another node's session.
     */
    private void removeElsewhere(String kind, Map<String, Object> entry, List<Object> args, Map<String, Object> kwargs,
            String error, String role) {
        Long session = idValue(args.size() > 1 ? args.get(1) : null);
        if (session == null) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "a session id is required");
        }
        String reason = reason(kwargs);
        long id = RemoteMeta.id(entry);
        if (!RemoteMeta.sessions(entry).contains(session)) {
            throw new MetaError(error, "session " + session + " is no " + role + " of " + kind + " " + id);
        }
        dev.junction.spi.cluster.ClusterRouting cluster = realm.cluster();
        if (cluster == null || !cluster.removeRemote(realm.name(), kind, id, session, reason)) {
            throw new MetaError(error, "no " + kind + " " + id);
        }
    }

    /**
     * This node's id of {@code uri} with the match policy asked, or else another node's (a topic subscribed on two
     * nodes has one id on each).
     */
    private Object lookup(PatternTable<?> table, String kind, List<Object> args, Map<String, Object> kwargs) {
        String uri = string(args, 0);
        Object options = args.size() > 1 ? args.get(1) : kwargs.get("options");
        Object matchOption = options instanceof Map<?, ?> o ? o.get("match") : null;
        MatchPolicy match = MatchPolicy.fromOption(matchOption);
        if (match == null) {
            throw new MetaError(WampUris.ERROR_INVALID_ARGUMENT, "match must be exact, prefix or wildcard");
        }
        Object here = idOf(table.get(match, uri));
        if (here != null) {
            return here;
        }
        for (Map<String, Object> e : RemoteMeta.entries(realm, kind)) {
            if (RemoteMeta.match(e) == match && uri.equals(e.get("uri"))) {
                return RemoteMeta.id(e);
            }
        }
        return null;
    }

    /** Under the read lock: the pattern tables' indexes may not be read while a writer changes them. */
    private Object matchingRegistration(String procedure) {
        Registration here;
        realm.routingLock.readLock().lock();
        try {
            here = realm.dealer().table().best(procedure);
        } finally {
            realm.routingLock.readLock().unlock();
        }
        // The best match over every node, by the precedence of matches; this node's on a tie.
        Object best = idOf(here);
        long bestRank = here == null ? Long.MAX_VALUE : RemoteMeta.rank(here.match, here.procedure);
        for (Map<String, Object> e : RemoteMeta.entries(realm, RemoteMeta.REGISTRATION)) {
            if (RemoteMeta.matches(e, procedure)) {
                long rank = RemoteMeta.rank(RemoteMeta.match(e), (String) e.get("uri"));
                if (rank < bestRank) {
                    best = RemoteMeta.id(e);
                    bestRank = rank;
                }
            }
        }
        return best;
    }

    private List<Long> matchingSubscriptions(String topic) {
        List<Long> ids = new ArrayList<>();
        realm.routingLock.readLock().lock();
        try {
            realm.broker().table().forEachMatch(topic, s -> ids.add(s.id));
        } finally {
            realm.routingLock.readLock().unlock();
        }
        for (Map<String, Object> e : RemoteMeta.entries(realm, RemoteMeta.SUBSCRIPTION)) {
            if (RemoteMeta.matches(e, topic)) {
                ids.add(RemoteMeta.id(e));
            }
        }
        return ids.isEmpty() ? null : ids;
    }

    private static Object idOf(Object entry) {
        if (entry instanceof Registration r) {
            return r.id;
        }
        return entry instanceof Subscription s ? s.id : null;
    }

    private static List<Long> ids(Iterable<WampSession> sessions) {
        List<Long> out = new ArrayList<>();
        for (WampSession s : sessions) {
            out.add(s.info().id());
        }
        return out;
    }

    static Map<String, Object> describe(WampSession session) {
        SessionInfo i = session.info();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("session", i.id());
        d.put("authid", i.authid());
        d.put("authrole", i.authrole());
        d.put("authmethod", i.authmethod());
        d.put("authprovider", i.authprovider());
        d.put("authextra", i.authextra());
        d.put("transport", session.transportDetails());
        return d;
    }

    static Map<String, Object> describe(Registration reg) {
        return Map.of("id", reg.id, "created", reg.created, "uri", reg.procedure, "match", reg.match.wireName(),
                "invoke", reg.invoke);
    }

    static Map<String, Object> describe(Subscription sub) {
        return Map.of("id", sub.id, "created", sub.created, "uri", sub.topic, "match", sub.match.wireName());
    }

    /** A meta procedure's ERROR. */
    private static final class MetaError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String uri;

        MetaError(String uri, String message) {
            super(message, null, false, false);
            this.uri = uri;
        }
    }
}
