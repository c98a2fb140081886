package dev.junction.router.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import dev.junction.api.MatchPolicy;
import dev.junction.api.UriCheck;
import dev.junction.api.WampUris;
import dev.junction.api.admin.RealmView;
import dev.junction.api.admin.RegistrationView;
import dev.junction.api.admin.SessionView;
import dev.junction.api.admin.SubscriptionView;

/**
 * Snapshots of the router's realms, sessions, subscriptions and registrations for operators, and killing a session.
 * Reads the routing tables without their lock (they are concurrent maps and copy-on-write sets), so it never
 * holds up routing; a snapshot can be a moment out of date.
 */
final class AdminView {
    private final Router router;

    AdminView(Router router) {
        this.router = router;
    }

    List<RealmView> realms() {
        List<RealmView> out = new ArrayList<>();
        for (Realm r : router.realms()) {
            RealmSettings s = r.settings();
            out.add(new RealmView(r.name(), joined(r).size(), count(r.broker().table()), count(r.dealer().table()),
                    s.uriCheck() == UriCheck.LOOSE ? "loose" : "strict", s.metaApi()));
        }
        out.sort(Comparator.comparing(RealmView::name));
        return out;
    }

    List<SessionView> sessions(String realm) {
        List<SessionView> out = new ArrayList<>();
        for (Realm r : realms(realm)) {
            for (WampSession s : joined(r)) {
                SessionInfo i = s.info();
                var t = s.handshakeRequest();
                SessionStats st = s.stats();
                out.add(new SessionView(i.id(), i.realm(), i.authid(), i.authrole(), i.authmethod(), t.transportId(),
                        s.serializer().name(), t.peer(), s.joinedAt(), st.droppedEvents(), st.refusedInvocations(),
                        st.refusedCalls(), st.queuedBytes(), st.queuedMessages()));
            }
        }
        out.sort(Comparator.comparing(SessionView::realm).thenComparing(SessionView::id));
        return out;
    }

    List<SubscriptionView> subscriptions(String realm) {
        List<SubscriptionView> out = new ArrayList<>();
        for (Realm r : realms(realm)) {
            for (MatchPolicy m : MatchPolicy.values()) {
                for (Subscription sub : r.broker().table().values(m)) {
                    out.add(new SubscriptionView(r.name(), sub.id, sub.topic, m.wireName(), instant(sub.created),
                            ids(sub.subscribers)));
                }
            }
        }
        out.sort(Comparator.comparing(SubscriptionView::realm).thenComparing(SubscriptionView::uri)
                .thenComparing(SubscriptionView::match));
        return out;
    }

    List<RegistrationView> registrations(String realm) {
        List<RegistrationView> out = new ArrayList<>();
        for (Realm r : realms(realm)) {
            for (MatchPolicy m : MatchPolicy.values()) {
                for (Registration reg : r.dealer().table().values(m)) {
                    out.add(new RegistrationView(r.name(), reg.id, reg.procedure, m.wireName(), reg.invoke,
                            instant(reg.created), ids(reg.callees)));
                }
            }
        }
        out.sort(Comparator.comparing(RegistrationView::realm).thenComparing(RegistrationView::uri)
                .thenComparing(RegistrationView::match));
        return out;
    }

    /** Tracing of the joined session {@code id} on or off; false when there is no such session. */
    boolean trace(long id, boolean on, boolean payloads) {
        WampSession s = router.joinedSession(id);
        if (s == null) {
            return false;
        }
        s.trace(on ? new SessionTrace(payloads) : null);
        return true;
    }

    /** GOODBYE {@code reason} to the joined session {@code id}, as the meta API's {@code wamp.session.kill}. */
    boolean kill(long id, String reason) {
        String r = reason == null || reason.isBlank() ? WampUris.CLOSE_KILLED : reason;
        if (!UriCheck.LOOSE.isValid(r)) {
            throw new IllegalArgumentException("reason must be a URI, was '" + reason + "'");
        }
        WampSession session = router.joinedSession(id);
        if (session == null) {
            return false;
        }
        session.kill(r, "killed by an operator");
        return true;
    }

    private List<Realm> realms(String name) {
        if (name == null) {
            return List.copyOf(router.realms());
        }
        Realm r = router.realm(name);
        return r == null ? List.of() : List.of(r);
    }

    private static List<WampSession> joined(Realm realm) {
        List<WampSession> out = new ArrayList<>();
        for (WampSession s : realm.sessions()) {
            if (s.info() != null && !s.hasLeft()) {
                out.add(s);
            }
        }
        return out;
    }

    private static int count(PatternTable<?> table) {
        int n = 0;
        for (MatchPolicy m : MatchPolicy.values()) {
            n += table.values(m).size();
        }
        return n;
    }

    private static List<Long> ids(Iterable<WampSession> sessions) {
        return map(sessions, s -> s.info() == null ? 0L : s.info().id());
    }

    private static <T> List<T> map(Iterable<WampSession> sessions, Function<WampSession, T> f) {
        List<T> out = new ArrayList<>();
        sessions.forEach(s -> out.add(f.apply(s)));
        return out;
    }

    private static Instant instant(String iso) {
        return Instant.parse(iso);
    }
}
