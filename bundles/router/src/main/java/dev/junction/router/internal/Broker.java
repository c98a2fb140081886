package dev.junction.router.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.api.MatchPolicy;
import dev.junction.api.WampIds;
import dev.junction.api.WampUris;
import dev.junction.api.message.Event;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.Unsubscribed;
import dev.junction.spi.cluster.ClusterRouting;
import dev.junction.spi.cluster.RemotePublication;

/**
 * The realm's publish/subscribe routing.
 *
 * <p>Concurrency: subscribe, unsubscribe and session departure change the tables and queue their acknowledgement
 * under the realm's write lock; publish matches and queues its EVENTs under the read lock. So an acknowledged
 * subscription is in effect for every publication that follows (a client told of it cannot publish too early),
 * and no EVENT is queued between SUBSCRIBED and the change, nor after UNSUBSCRIBED. A publisher's messages are
 * handled one at a time on its connection's thread and each receiver's outbound queue is FIFO, so events from one
 * publisher reach every subscriber in publication order.
 */
final class Broker {
    private final Realm realm;
    private final PatternTable<Subscription> subscriptions = new PatternTable<>();
    /** The last event published with {@code retain=true}, per topic. */
    private final ConcurrentHashMap<String, RetainedEvent> retained = new ConcurrentHashMap<>();
    /** Publications of the topics the realm's {@code event_history} names. */
    private final EventHistory history = new EventHistory();

    private record RetainedEvent(long publication, String topic, Map<String, Object> disclosure,
            ReceiverFilter filter, Payload payload) {
    }

    Broker(Realm realm) {
        this.realm = realm;
    }

    void subscribe(WampSession session, Subscribe msg) {
        MatchPolicy match = MatchPolicy.fromOption(msg.options().get("match"));
        if (match == null) {
            session.sendError(Subscribe.TYPE, msg.request(), WampUris.ERROR_INVALID_ARGUMENT,
                    "SUBSCRIBE.Options.match must be exact, prefix or wildcard, was " + msg.options().get("match"));
            return;
        }
        if (!realm.uriCheck().isValid(msg.topic(), match)) {
            session.sendError(Subscribe.TYPE, msg.request(), WampUris.ERROR_INVALID_URI,
                    "invalid topic URI '" + msg.topic() + "'");
            return;
        }
        String refusal = realm.authorize(session, msg.topic(), Action.SUBSCRIBE).refusal(Map.of());
        if (refusal != null) {
            session.sendError(Subscribe.TYPE, msg.request(), refusal,
                    Decision.explain(refusal, "subscribe to topic '" + msg.topic() + "'"));
            return;
        }
        realm.routingLock.writeLock().lock();
        try {
            Subscription sub = subscriptions.get(match, msg.topic());
            boolean created = sub == null;
            if (created) {
                sub = new Subscription(realm.nextRouterScopeId(), msg.topic(), match);
                subscriptions.put(match, msg.topic(), sub);
                ClusterRouting cluster = realm.cluster();
                if (cluster != null) {
                    cluster.subscriptionAdded(realm.name(), match, msg.topic());
                }
            }
            boolean added = sub.subscribers.add(session);
            if (added) {
                session.subscriptions.put(sub.id, sub);
            }
            session.send(new Subscribed(msg.request(), sub.id));
            if (added) {
                realm.meta().subscribed(session, sub, created);
            }
            if (Boolean.TRUE.equals(msg.options().get("get_retained"))) {
                // Under the write lock, right after SUBSCRIBED: no newer EVENT can overtake the retained ones.
                sendRetained(session, sub);
            }
        } finally {
            realm.routingLock.writeLock().unlock();
        }
    }

    void unsubscribe(WampSession session, Unsubscribe msg) {
        realm.routingLock.writeLock().lock();
        try {
            Subscription sub = session.subscriptions.remove(msg.subscription());
            if (sub == null) {
                session.sendError(Unsubscribe.TYPE, msg.request(), WampUris.ERROR_NO_SUCH_SUBSCRIPTION,
                        "no subscription " + msg.subscription());
                return;
            }
            detach(session, sub);
            session.send(new Unsubscribed(msg.request(), null));
        } finally {
            realm.routingLock.writeLock().unlock();
        }
    }

    void publish(WampSession publisher, Publish msg) {
        Map<String, Object> options = msg.options();
        boolean acknowledge = Boolean.TRUE.equals(options.get("acknowledge"));
        String topic = msg.topic();
        if (!realm.uriCheck().isValid(topic) || topic.startsWith("wamp.")) {
            if (acknowledge) {
                publisher.sendError(Publish.TYPE, msg.request(), WampUris.ERROR_INVALID_URI,
                        "invalid topic URI '" + topic + "'");
            }
            return;
        }
        Decision decision = realm.authorize(publisher, topic, Action.PUBLISH);
        String refusal = decision.refusal(options);
        if (refusal != null) {
            if (acknowledge) {
                publisher.sendError(Publish.TYPE, msg.request(), refusal,
                        Decision.explain(refusal, "publish to topic '" + topic + "'"));
            }
            return;
        }
        if (PayloadPassthru.requested(options)) {
            PayloadPassthru.requireAnnounced(publisher, "publisher", "PUBLISH");
        }
        Map<String, Object> disclosure = eventDetails(publisher, options, decision.disclosure());
        ReceiverFilter filter;
        try {
            filter = ReceiverFilter.of(options);
        } catch (IllegalArgumentException e) {
            if (acknowledge) {
                publisher.sendError(Publish.TYPE, msg.request(), WampUris.ERROR_INVALID_ARGUMENT, e.getMessage());
            }
            return;
        }
        long publication = WampIds.randomId();
        boolean retain = Boolean.TRUE.equals(options.get("retain"));
        Integer historyLimit = realm.settings().eventHistory().get(topic);
        realm.routingLock.readLock().lock();
        try {
            if (retain) {
                retained.put(topic, new RetainedEvent(publication, msg.topic(), disclosure, filter, msg.payload()));
            }
            if (historyLimit != null) {
                history.record(topic, historyLimit, publication, disclosure, filter, options, msg.payload());
            }
            fanOut(publisher, msg, publication, filter, disclosure);
        } finally {
            realm.routingLock.readLock().unlock();
        }
        ClusterRouting cluster = realm.cluster();
        if (cluster != null) {
            // On the publisher's thread, after the local fan-out: one publisher's events leave in order.
            RemotePublication remote = new RemotePublication(realm.name(), topic, publication, publisher.info().id(),
                    publisher.serializer().name(), options, disclosure, msg.payload());
            if (retain || historyLimit != null) {
                cluster.publishedToAll(remote); // every node keeps it, subscribed or not
            } else {
                cluster.published(remote);
            }
        }
        if (acknowledge) {
            publisher.send(new Published(msg.request(), publication));
        }
    }

    /** Queues the EVENT for every subscriber. Runs under the read lock, so it sees whole table changes only. */
    private void fanOut(WampSession publisher, Publish msg, long publication, ReceiverFilter filter,
            Map<String, Object> disclosure) {
        Map<String, Object> options = msg.options();
        boolean excludeMe = !Boolean.FALSE.equals(options.get("exclude_me"));
        boolean passthru = PayloadPassthru.requested(options);
        subscriptions.forEachMatch(msg.topic(), sub -> {
            Map<String, Object> details = disclosure;
            if (sub.match != MatchPolicy.EXACT) {
                // A pattern subscriber learns which topic the event was published to.
                details = new LinkedHashMap<>(disclosure);
                details.put("topic", msg.topic());
            }
            // One encoding per serializer for all subscribers of this subscription (they share its id).
            EventFanout fanout = new EventFanout(new Event(sub.id, publication, details, msg.payload()));
            deliver(sub, fanout, excludeMe ? publisher : null, filter,
                    passthru ? publisher.serializer().name() : null, msg.payload());
        });
    }

    /**
     * Queues one subscription's EVENT for its subscribers but {@code excluded}, those the publication's black- and
     * whitelists admit and, for a passthru publication ({@code passthruFrom}: the publisher's serializer, else
     * null), those that can take its payload untransformed. Returns how many it was queued for.
     */
    private static int deliver(Subscription sub, EventFanout fanout, WampSession excluded, ReceiverFilter filter,
            String passthruFrom, Payload payload) {
        int queued = 0;
        for (WampSession receiver : sub.subscribers) {
            if (receiver == excluded || (filter != null && !filter.admits(receiver.info()))) {
                continue;
            }
            if (passthruFrom != null && !PayloadPassthru.carriable(passthruFrom, receiver, payload)) {
                continue; // a passthru payload is never transcoded; the spec leaves subscribers to cope
            }
            if (fanout.deliverTo(receiver)) {
                queued++;
            }
        }
        return queued;
    }

    /**
     * Queues an event published on another node for this node's matching subscribers, with the same details,
     * black- and whitelists and passthru rule as {@link #fanOut}; the publisher is never among them. Returns how many
     * sessions it was queued for.
     */
    int deliverRemote(RemotePublication p) {
        Map<String, Object> options = p.options();
        ReceiverFilter filter;
        try {
            filter = ReceiverFilter.of(options);
        } catch (IllegalArgumentException e) {
            return 0; // the publisher's node refused it already; nothing valid can arrive here
        }
        String passthruFrom = PayloadPassthru.requested(options) ? p.publisherSerializer() : null;
        Payload payload = p.payload();
        int[] queued = { 0 };
        realm.routingLock.readLock().lock();
        try {
            // Kept as the publisher's node keeps it, so a later subscriber or get_events on this node sees it too.
            if (Boolean.TRUE.equals(options.get("retain"))) {
                retained.put(p.topic(), new RetainedEvent(p.publication(), p.topic(), p.details(), filter, payload));
            }
            Integer historyLimit = realm.settings().eventHistory().get(p.topic());
            if (historyLimit != null) {
                history.record(p.topic(), historyLimit, p.publication(), p.details(), filter, options, payload);
            }
            subscriptions.forEachMatch(p.topic(), sub -> {
                Map<String, Object> details = p.details();
                if (sub.match != MatchPolicy.EXACT) {
                    details = new LinkedHashMap<>(details);
                    details.put("topic", p.topic());
                }
                EventFanout fanout = new EventFanout(new Event(sub.id, p.publication(), details, payload));
                queued[0] += deliver(sub, fanout, null, filter, passthruFrom, payload);
            });
        } finally {
            realm.routingLock.readLock().unlock();
        }
        return queued[0];
    }

    /**
     * Keeps a retained event published on another node before this node joined, unless this node has one for its
     * topic already (then that one is newer).
     */
    void keepRetained(RemotePublication p) {
        ReceiverFilter filter;
        try {
            filter = ReceiverFilter.of(p.options());
        } catch (IllegalArgumentException e) {
            return;
        }
        retained.putIfAbsent(p.topic(), new RetainedEvent(p.publication(), p.topic(), p.details(), filter,
                p.payload()));
    }

    /**
     * What EVENT.Details carry from the publication: the publisher's identity if the role's disclosure and the
     * publisher's {@code disclose_me} say so, and the {@code ppt_*} options.
     */
    private static Map<String, Object> eventDetails(WampSession publisher, Map<String, Object> options,
            Disclosure disclosure) {
        Map<String, Object> details = disclosure.discloses(Boolean.TRUE.equals(options.get("disclose_me")))
                ? publisher.disclosure("publisher") : Map.of();
        return PayloadPassthru.requested(options) ? PayloadPassthru.withOptions(details, options) : details;
    }

    /** Event retention: the last retained event of every topic the new subscription matches. */
    private void sendRetained(WampSession session, Subscription sub) {
        if (sub.match == MatchPolicy.EXACT) {
            RetainedEvent event = retained.get(sub.topic);
            if (event != null) {
                sendRetained(session, sub, event);
            }
            return;
        }
        for (RetainedEvent event : retained.values()) {
            boolean matches = sub.match == MatchPolicy.PREFIX ? event.topic().startsWith(sub.topic)
                    : PatternTable.wildcardMatches(sub.topic, List.of(event.topic().split("\\.", -1)));
            if (matches) {
                sendRetained(session, sub, event);
            }
        }
    }

    private static void sendRetained(WampSession session, Subscription sub, RetainedEvent event) {
        if (event.filter() != null && !event.filter().admits(session.info())) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>(event.disclosure());
        details.put("retained", true);
        if (sub.match != MatchPolicy.EXACT) {
            details.put("topic", event.topic());
        }
        session.send(new Event(sub.id, event.publication(), details, event.payload()));
    }

    /** Removes every subscription of a departing session. Called under the realm's write lock. */
    void removeSession(WampSession session) {
        for (Subscription sub : session.subscriptions.values()) {
            detach(session, sub);
        }
        session.subscriptions.clear();
    }

    /**
     * Subscription revocation ({@code wamp.subscription.remove_subscriber}): takes {@code subscriber} out of
     * {@code sub}; a subscriber that announced {@code subscription_revocation} gets
     * {@code [UNSUBSCRIBED, 0, {subscription, reason}]}, any other learns nothing. Under the write lock, so no EVENT
     * of the subscription follows the UNSUBSCRIBED. Returns false when the session is no subscriber of it.
     */
    boolean revoke(WampSession subscriber, Subscription sub, String reason) {
        realm.routingLock.writeLock().lock();
        try {
            if (subscriber.subscriptions.remove(sub.id, sub)) {
                SessionInfo info = subscriber.info();
                if (info != null && info.announces("subscriber", "subscription_revocation")) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("subscription", sub.id);
                    if (reason != null) {
                        details.put("reason", reason);
                    }
                    subscriber.send(new Unsubscribed(0, details));
                }
                detach(subscriber, sub);
                return true;
            }
            return false;
        } finally {
            realm.routingLock.writeLock().unlock();
        }
    }

    private void detach(WampSession session, Subscription sub) {
        sub.subscribers.remove(session);
        boolean deleted = sub.subscribers.isEmpty();
        if (deleted) {
            subscriptions.remove(sub.match, sub.topic, sub);
            ClusterRouting cluster = realm.cluster();
            if (cluster != null) {
                cluster.subscriptionRemoved(realm.name(), sub.match, sub.topic);
            }
        }
        realm.meta().unsubscribed(session, sub, deleted);
    }

    PatternTable<Subscription> table() {
        return subscriptions;
    }

    /**
     * {@code wamp.subscription.get_events}: the stored publications the subscription matches that {@code caller} may
     * see (the publication's authid/authrole lists apply), oldest first unless {@code reverse}, at most
     * {@code limit}.
     */
    List<Map<String, Object>> events(WampSession caller, Subscription sub, HistoryQuery query) {
        history.retain(realm.settings().eventHistory());
        java.util.function.Predicate<String> matches = switch (sub.match) {
            case EXACT -> sub.topic::equals;
            case PREFIX -> t -> t.startsWith(sub.topic);
            default -> t -> PatternTable.wildcardMatches(sub.topic, List.of(t.split("\\.", -1)));
        };
        List<EventHistory.Entry> entries = history.matching(matches);
        entries.removeIf(e -> e.filter() != null && !e.filter().admits(caller.info()));
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (EventHistory.Entry e : query.select(entries)) {
            out.add(EventHistory.describe(e, sub.id, sub.match != MatchPolicy.EXACT));
        }
        return out;
    }

    /** Whether any subscription matches {@code topic} (a meta event nobody receives need not be built). */
    boolean hasSubscribers(String topic) {
        realm.routingLock.readLock().lock();
        try {
            return subscriptions.best(topic) != null; // best finds a match whenever there is one
        } finally {
            realm.routingLock.readLock().unlock();
        }
    }

    /** Publishes a meta event from the router itself to every matching subscriber. */
    void publishMeta(String topic, Payload payload) {
        long publication = WampIds.randomId();
        realm.routingLock.readLock().lock();
        try {
            subscriptions.forEachMatch(topic, sub -> {
                Map<String, Object> details = sub.match == MatchPolicy.EXACT ? Map.of() : Map.of("topic", topic);
                EventFanout fanout = new EventFanout(new Event(sub.id, publication, details, payload));
                for (WampSession receiver : sub.subscribers) {
                    fanout.deliverTo(receiver);
                }
            });
        } finally {
            realm.routingLock.readLock().unlock();
        }
    }

}
