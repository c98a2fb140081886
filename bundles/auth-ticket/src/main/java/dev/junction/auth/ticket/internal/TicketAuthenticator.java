package dev.junction.auth.ticket.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.WampUris;
import dev.junction.api.message.Authenticate;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;
import dev.junction.spi.auth.AuthenticatorProcedure;
import dev.junction.spi.auth.AuthenticatorProcedure.Settings;
import dev.junction.spi.auth.Principal;
import dev.junction.spi.auth.PrincipalStore;
import dev.junction.spi.call.InternalCaller;

/**
 * {@code ticket}: CHALLENGE with empty extra, the client answers with its ticket in clear (use it over TLS only).
 * Static ({@code auth.ticket.type = static}): the principal with the HELLO's authid from the {@link PrincipalStore}.
 * Dynamic ({@code auth.ticket.type = dynamic}, {@code auth.ticket.authenticator = <procedure>}): the procedure is
 * called as {@code authenticator(realm, authid, {ticket, session, authmethod, authextra, transport})} once the
 * ticket has arrived, as Crossbar does.
 *
 * <p>Both services are optional and dynamic: without a store, static ticket authentication fails with a clear ABORT
 * rather than taking the method away.
 */
@Component(property = Authenticator.METHOD + "=" + TicketAuthenticator.METHOD)
public final class TicketAuthenticator implements Authenticator {
    static final String METHOD = "ticket";
    private static final Logger LOG = LoggerFactory.getLogger(TicketAuthenticator.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PrincipalStore principals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InternalCaller caller;

    public TicketAuthenticator() {
    }

    TicketAuthenticator(PrincipalStore principals, InternalCaller caller) {
        this.principals = principals;
        this.caller = caller;
    }

    @Override
    public String method() {
        return METHOD;
    }

    private record Pending(Settings settings, Principal principal) {
    }

    @Override
    public CompletionStage<AuthOutcome> hello(AuthRequest request) {
        Settings settings;
        try {
            settings = Settings.of(request.config());
        } catch (IllegalArgumentException e) {
            LOG.error("Transport {}: auth.ticket.{}", request.transport().transportId(), e.getMessage());
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "ticket authentication is misconfigured on this transport"));
        }
        if (settings.dynamic()) {
            return done(new AuthOutcome.Challenge(Map.of(), new Pending(settings, null)));
        }
        if (request.authid() == null) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_NO_SUCH_PRINCIPAL,
                    "ticket authentication needs an authid in HELLO"));
        }
        PrincipalStore store = principals;
        Optional<Principal> principal = store == null ? Optional.empty()
                : store.byAuthid(request.authid(), request.realm(), request.transport().transportId());
        if (principal.isEmpty() || principal.get().ticket() == null) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_NO_SUCH_PRINCIPAL,
                    "no principal '" + request.authid() + "' with a ticket for realm '" + request.realm()
                            + "' on this transport"));
        }
        return done(new AuthOutcome.Challenge(Map.of(), new Pending(settings, principal.get())));
    }

    @Override
    public CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object challengeState, Authenticate message) {
        Pending pending = (Pending) challengeState;
        if (pending.settings().dynamic()) {
            Map<String, Object> details = AuthenticatorProcedure.details(request, METHOD,
                    Map.of("ticket", message.signature()));
            return AuthenticatorProcedure.call(caller, pending.settings(), request, details)
                    .thenApply(reply -> AuthenticatorProcedure.accept(reply, request))
                    .exceptionally(failure -> AuthenticatorProcedure.failure(pending.settings(), failure));
        }
        Principal p = pending.principal();
        if (!MessageDigest.isEqual(p.ticket().getBytes(StandardCharsets.UTF_8),
                message.signature().getBytes(StandardCharsets.UTF_8))) {
            return done(new AuthOutcome.Reject(WampUris.ERROR_AUTHENTICATION_FAILED,
                    "wrong ticket for '" + p.authid() + "'"));
        }
        return done(new AuthOutcome.Accept(p.authid(), p.role(), "static", null, Map.of()));
    }

    private static CompletionStage<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
