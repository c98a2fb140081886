package dev.junction.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.junction.api.admin.RouterAdmin;

/** {@code junction:trace <session> [on|off] [--payload]}: logs one session's WAMP messages, without a restart. */
@Command(scope = "junction", name = "trace", description = "Traces one session: each WAMP message it sends or "
        + "receives is logged (type, request id, URI, size; arguments with --payload) on logger "
        + "dev.junction.router.trace, until 'off' or the connection closes.")
@Service
public class TraceCommand implements Action {
    @Reference
    RouterAdmin admin;

    @Argument(index = 0, name = "session", description = "The session id (see junction:sessions)", required = true)
    @Completion(SessionIdCompleter.class)
    long session;

    @Argument(index = 1, name = "state", description = "on (default) or off")
    String state = "on";

    @Option(name = "--payload", description = "Log the arguments too (never authentication secrets)")
    boolean payload;

    @Override
    public Object execute() {
        boolean on;
        if ("on".equalsIgnoreCase(state)) {
            on = true;
        } else if ("off".equalsIgnoreCase(state)) {
            on = false;
        } else {
            System.out.println("state must be on or off, was '" + state + "'");
            return null;
        }
        if (!admin.trace(session, on, payload)) {
            System.out.println("No joined session " + session);
        } else if (on) {
            System.out.println("Tracing session " + session + (payload ? " with arguments" : "")
                    + " (log:tail, logger dev.junction.router.trace)");
        } else {
            System.out.println("Tracing of session " + session + " is off");
        }
        return null;
    }
}
