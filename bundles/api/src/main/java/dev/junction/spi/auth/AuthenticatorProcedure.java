package dev.junction.spi.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import dev.junction.api.WampUris;
import dev.junction.spi.call.CallFailedException;
import dev.junction.spi.call.InternalCaller;

/**
 * The contract of a dynamic authenticator: a WAMP procedure, registered by a trusted client, that the router calls as
 * Crossbar does, {@code authenticator(realm, authid, details)}, and that answers with a role string or a dict
 * {@code {role, authid?, realm?, extra?, ...method specific (secret, salt, iterations, keylen, pubkey)}}.
 */
public final class AuthenticatorProcedure {

    /** Default of {@code auth.<method>.authenticator-timeout}, in milliseconds. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

    private AuthenticatorProcedure() {
    }

    /**
     * A method's {@code type} and dynamic authenticator settings from the transport's {@code auth.<method>.*} keys
     * (method prefix removed): {@code type} = {@code static} (default) | {@code dynamic}, {@code authenticator} (the
     * procedure, required with dynamic), {@code authenticator-realm} (default: the client's realm),
     * {@code authenticator-timeout} (ms, default 10000).
     */
    public record Settings(boolean dynamic, String procedure, String realm, long timeoutMillis) {

        /** @throws IllegalArgumentException naming the bad key and value */
        public static Settings of(Map<String, Object> config) {
            String type = String.valueOf(config.getOrDefault("type", "static")).trim();
            if (!type.equals("static") && !type.equals("dynamic")) {
                throw new IllegalArgumentException("type=" + type + ", allowed static|dynamic");
            }
            Object procedure = config.get("authenticator");
            Object realm = config.get("authenticator-realm");
            Object timeout = config.getOrDefault("authenticator-timeout", DEFAULT_TIMEOUT_MILLIS);
            long millis;
            try {
                millis = timeout instanceof Number n ? n.longValue() : Long.parseLong(timeout.toString().trim());
            } catch (NumberFormatException e) {
                millis = -1;
            }
            if (millis <= 0) {
                throw new IllegalArgumentException("authenticator-timeout=" + timeout + ", allowed 1.." + Long.MAX_VALUE
                        + " ms");
            }
            boolean dynamic = type.equals("dynamic");
            String proc = procedure == null ? null : procedure.toString().trim();
            if (dynamic && (proc == null || proc.isEmpty())) {
                throw new IllegalArgumentException("type=dynamic needs authenticator=<procedure>");
            }
            String r = realm == null || realm.toString().isBlank() ? null : realm.toString().trim();
            return new Settings(dynamic, proc, r, millis);
        }
    }

    /**
     * Calls the dynamic authenticator as {@code authenticator(realm, authid, details)} and parses its answer. The
     * stage fails with {@link CallFailedException} (the procedure's error, or the router's: timeout, no callee...)
     * or {@link IllegalArgumentException} (an answer that is not a role or a dict with a role).
     */
    public static CompletionStage<Reply> call(InternalCaller caller, Settings settings, AuthRequest request,
            Map<String, Object> details) {
        if (caller == null) {
            return CompletableFuture.failedFuture(new CallFailedException(WampUris.ERROR_UNAVAILABLE,
                    List.of("the router's internal caller is not available"), Map.of()));
        }
        String realm = settings.realm() != null ? settings.realm() : request.realm();
        List<Object> args = new java.util.ArrayList<>(3);
        args.add(request.realm());
        args.add(request.authid());
        args.add(details);
        return caller.call(realm, settings.procedure(), args, Map.of(), settings.timeoutMillis())
                .thenApply(result -> parse(result.first()));
    }

    /**
     * WELCOME for a dynamic authenticator's reply (authprovider {@code dynamic}): its authid, else the client's; an
     * ABORT {@code wamp.error.no_such_principal} when neither names one.
     */
    public static AuthOutcome accept(Reply reply, AuthRequest request) {
        String authid = reply.authid() != null ? reply.authid() : request.authid();
        if (authid == null || authid.isEmpty()) {
            return new AuthOutcome.Reject(WampUris.ERROR_NO_SUCH_PRINCIPAL,
                    "neither the client nor the dynamic authenticator named an authid");
        }
        return new AuthOutcome.Accept(authid, reply.role(), "dynamic", reply.realm(), reply.extra());
    }

    /**
     * The ABORT for a dynamic authenticator that failed, errored or timed out: {@code wamp.error.authentication_failed}
     * with a message naming the procedure and what went wrong.
     */
    public static AuthOutcome.Reject failure(Settings settings, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        String what;
        if (cause instanceof CallFailedException e) {
            String detail = e.args().isEmpty() ? "" : ": " + e.args().get(0);
            what = WampUris.ERROR_TIMEOUT.equals(e.error())
                    ? "timed out after " + settings.timeoutMillis() + " ms"
                    : "answered " + e.error() + detail;
        } else {
            what = "failed: " + cause.getMessage();
        }
        return new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                "dynamic authenticator " + settings.procedure() + " " + what);
    }

    /**
     * A dynamic authenticator's answer.
     *
     * @param role the authrole to give
     * @param authid the authid to give, or {@code null} to keep the client's
     * @param realm the realm to join, or {@code null} to keep the HELLO's
     * @param extra what WELCOME carries as {@code authextra}; empty when none
     * @param all the whole dict (empty for a role string), for method-specific keys such as {@code secret}
     */
    public record Reply(String role, String authid, String realm, Map<String, Object> extra, Map<String, Object> all) {
    }

    /**
     * Reads a procedure's first result: a role string or a dict with at least {@code role}.
     *
     * @throws IllegalArgumentException with a message that names what is wrong (never a secret)
     */
    @SuppressWarnings("unchecked")
    public static Reply parse(Object result) {
        if (result instanceof String role) {
            if (role.isEmpty()) {
                throw new IllegalArgumentException("the authenticator returned an empty role");
            }
            return new Reply(role, null, null, Map.of(), Map.of());
        }
        if (!(result instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the authenticator must return a role string or a dict, returned "
                    + (result == null ? "nothing" : result.getClass().getSimpleName()));
        }
        Map<String, Object> dict = (Map<String, Object>) map;
        if (!(dict.get("role") instanceof String role) || role.isEmpty()) {
            throw new IllegalArgumentException("the authenticator's dict has no string 'role'");
        }
        Object authid = dict.get("authid");
        Object realm = dict.get("realm");
        Object extra = dict.get("extra");
        if ((authid != null && !(authid instanceof String)) || (realm != null && !(realm instanceof String))
                || (extra != null && !(extra instanceof Map))) {
            throw new IllegalArgumentException("the authenticator's 'authid' and 'realm' must be strings, 'extra' a dict");
        }
        return new Reply(role, (String) authid, (String) realm,
                extra == null ? Map.of() : (Map<String, Object>) extra, dict);
    }

    /**
     * The {@code details} argument: {@code session}, {@code authmethod}, {@code authextra} (the client's),
     * {@code transport} ({@code id}, {@code type}, {@code peer}, {@code protocol}, {@code cbtid} when the connection
     * carries a tracking cookie), plus {@code more} (such as the
     * ticket).
     */
    public static Map<String, Object> details(AuthRequest request, String authmethod, Map<String, Object> more) {
        Map<String, Object> transport = new LinkedHashMap<>();
        transport.put("id", request.transport().transportId());
        transport.put("type", request.transport().transportType());
        transport.put("peer", request.transport().peer());
        if (request.transport().serializer() != null) {
            transport.put("protocol", request.transport().serializer().subprotocol());
        }
        if (request.transport().cookie() != null) {
            transport.put("cbtid", request.transport().cookie().id()); // Crossbar's name for the tracking cookie
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("session", request.session());
        details.put("authmethod", authmethod);
        if (request.authrole() != null) {
            details.put("authrole", request.authrole());
        }
        details.put("authextra", request.authextra());
        details.put("transport", transport);
        details.putAll(more);
        return details;
    }
}
