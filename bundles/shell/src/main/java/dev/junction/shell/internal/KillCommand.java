package dev.junction.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.junction.api.WampUris;
import dev.junction.api.admin.RouterAdmin;

/** {@code junction:kill <session>}: GOODBYE {@code wamp.close.killed}, as the meta API's wamp.session.kill. */
@Command(scope = "junction", name = "kill", description = "Ends a session: the router sends GOODBYE "
        + "wamp.close.killed (or --reason) and the session leaves its realm.")
@Service
public class KillCommand implements Action {
    @Reference
    RouterAdmin admin;

    @Argument(index = 0, name = "session", description = "The session id (see junction:sessions)", required = true)
    @Completion(SessionIdCompleter.class)
    long session;

    @Option(name = "--reason", description = "The GOODBYE reason URI (default wamp.close.killed)")
    String reason;

    @Override
    public Object execute() {
        String r = reason == null ? WampUris.CLOSE_KILLED : reason;
        try {
            if (admin.kill(session, r)) {
                System.out.println("Session " + session + " killed (GOODBYE " + r + ")");
            } else {
                System.out.println("No joined session " + session);
            }
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
