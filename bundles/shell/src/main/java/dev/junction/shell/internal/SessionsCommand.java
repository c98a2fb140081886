package dev.junction.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.junction.api.admin.RouterAdmin;
import dev.junction.api.admin.SessionView;

/** {@code junction:sessions [realm]}. */
@Command(scope = "junction", name = "sessions", description = "Lists the joined sessions, of one realm or of all.")
@Service
public class SessionsCommand implements Action {
    @Reference
    RouterAdmin admin;

    @Argument(index = 0, name = "realm", description = "Only this realm's sessions", required = false)
    @Completion(RealmCompleter.class)
    String realm;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Session").alignRight();
        table.column("Realm");
        table.column("Authid");
        table.column("Authrole");
        table.column("Authmethod");
        table.column("Transport");
        table.column("Serializer");
        table.column("Peer");
        table.column("Joined");
        table.column("Queued");
        table.column("Dropped");
        table.column("Refused");
        for (SessionView s : admin.sessions(realm)) {
            table.addRow().addContent(s.id(), s.realm(), s.authid(), s.authrole(), s.authmethod(), s.transportId(),
                    s.serializer(), s.peer(), Tables.time(s.joinedAt()), s.queuedMessages() + " / " + s.queuedBytes()
                            + " B", s.droppedEvents(), s.refusedInvocations() + s.refusedCalls());
        }
        table.print(System.out);
        return null;
    }
}
