package dev.junction.router.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.CallResult;
import dev.junction.spi.call.InternalCaller;
import dev.junction.spi.transport.HandshakeRequest;

/**
 * A role whose decisions come from a WAMP procedure, as Crossbar's dynamic authorizer: the router calls
 * {@code authorizer(session_details, uri, action, options)} on the role's realm (as the reserved role
 * {@code trusted}); the answer is a boolean, or a dict with {@code allow}, {@code disclose} and {@code cache}. An
 * error, a timeout or any other answer is a failure: the action gets {@code wamp.error.authorization_failed}.
 * Answers with {@code cache: true} are kept per (action, URI) for every session of the role, as Crossbar caches them
 * per (realm, authrole, uri, action), until the role's configuration changes.
 */
final class DynamicRole implements Role {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicRole.class);
    private static final int CACHE_LIMIT = 4096;

    private final String name;
    private final String realm;
    private final String procedure;
    private final long timeoutMillis;
    private final InternalCaller caller;
    private final ConcurrentHashMap<String, Decision> cache = new ConcurrentHashMap<>();

    DynamicRole(String name, String realm, String procedure, long timeoutMillis, InternalCaller caller) {
        this.name = name;
        this.realm = realm;
        this.procedure = procedure;
        this.timeoutMillis = timeoutMillis;
        this.caller = caller;
    }

    @Override
    public String name() {
        return name;
    }

    String procedure() {
        return procedure;
    }

    /** A cached answer for {@code action} on {@code uri}, or {@code null}. */
    Decision cached(Action action, String uri) {
        return cache.get(key(action, uri));
    }

    /** Asks the authorizer; the stage never fails: a failure is {@link Decision#FAILED}. */
    CompletionStage<Decision> authorize(SessionInfo who, HandshakeRequest transport, String uri, Action action,
            Map<String, Object> options) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("session", who.id());
        details.put("realm", who.realm());
        details.put("authid", who.authid());
        details.put("authrole", who.authrole());
        details.put("authmethod", who.authmethod());
        details.put("authprovider", who.authprovider());
        details.put("authextra", who.authextra());
        details.put("transport", Map.of("type", transport.transportType(), "peer", transport.peer(),
                "id", transport.transportId()));
        CompletionStage<CallResult> call;
        try {
            call = caller.call(realm, procedure, List.of(details, uri, action.wireName(), options), Map.of(),
                    timeoutMillis);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((result, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null && !(failure instanceof CallFailedException)
                        ? failure.getCause() : failure;
                String why = cause instanceof CallFailedException f ? f.error() : cause.toString();
                try (SessionMdc mdc = SessionMdc.put(who.realm(), who.id(), who.authid(), transport.transportId())) {
                    LOG.warn("Authorizer {} of role {} on realm {} failed for {} {} by session {}: {}", procedure,
                            name, realm, action.wireName(), uri, who.id(), why);
                }
                return Decision.FAILED;
            }
            Decision decision = interpret(result.first());
            if (decision == null) {
                try (SessionMdc mdc = SessionMdc.put(who.realm(), who.id(), who.authid(), transport.transportId())) {
                    LOG.warn("Authorizer {} of role {} on realm {} answered {} {} with {}; expected a boolean or a "
                            + "dict with allow, disclose, cache", procedure, name, realm, action.wireName(), uri,
                            result.args());
                }
                return Decision.FAILED;
            }
            if (result.first() instanceof Map<?, ?> dict && Boolean.TRUE.equals(dict.get("cache"))) {
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(key(action, uri), decision);
            }
            return decision;
        });
    }

    /** A boolean, or a dict with a boolean {@code allow} and optional boolean {@code disclose}; else {@code null}. */
    static Decision interpret(Object answer) {
        if (answer instanceof Boolean allow) {
            return allow ? Decision.OPEN : Decision.DENIED;
        }
        if (answer instanceof Map<?, ?> dict && dict.get("allow") instanceof Boolean allow) {
            Object disclose = dict.get("disclose");
            if (disclose != null && !(disclose instanceof Boolean)) {
                return null;
            }
            if (!allow) {
                return Decision.DENIED;
            }
            return new Decision(true, Boolean.TRUE.equals(disclose) ? Disclosure.ALWAYS : Disclosure.ON_REQUEST,
                    false);
        }
        return null;
    }

    private static String key(Action action, String uri) {
        return action.wireName() + ' ' + uri;
    }
}
