package dev.junction.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import dev.junction.api.admin.ConnectingTransport;
import dev.junction.api.admin.ConnectionStatus;

/**
 * {@code junction:connections}: the container's connecting transports and, per hosted component, its session's
 * state. The services are looked up when the command runs: the container is an optional feature, and a command
 * that required them would not exist without it.
 */
@Command(scope = "junction", name = "connections", description = "Lists the container's connecting transports and "
        + "the state of each hosted component: joined, retrying (with the next attempt's time and the last error).")
@Service
public class ConnectionsCommand implements Action {
    @Reference
    BundleContext context;

    @Override
    public Object execute() throws InvalidSyntaxException {
        ShellTable table = new ShellTable();
        table.column("Connection");
        table.column("Type");
        table.column("Router");
        table.column("Realm");
        table.column("Component").alignRight();
        table.column("State");
        table.column("Session").alignRight();
        table.column("Failures").alignRight();
        table.column("Next attempt");
        table.column("Last error").maxSize(60).wrap();
        for (Snapshot t : transports()) {
            if (t.components().isEmpty()) {
                table.addRow().addContent(t.id(), t.type(), t.url(), t.realm(), "", "(no component)", "", "", "", "");
            }
            for (ConnectionStatus c : t.components()) {
                table.addRow().addContent(t.id(), t.type(), t.url(), t.realm(), c.component(), c.state(),
                        c.sessionId() == 0 ? "" : c.sessionId(), c.attempts(), Tables.time(c.nextAttempt()),
                        Tables.orEmpty(c.lastError()));
            }
        }
        table.print(System.out);
        return null;
    }

    private record Snapshot(String id, String type, String url, String realm, List<ConnectionStatus> components) {
    }

    private List<Snapshot> transports() throws InvalidSyntaxException {
        List<Snapshot> out = new ArrayList<>();
        for (ServiceReference<ConnectingTransport> ref : context.getServiceReferences(ConnectingTransport.class,
                null)) {
            ConnectingTransport t = context.getService(ref);
            if (t != null) {
                try {
                    out.add(new Snapshot(t.id(), t.type(), t.url(), t.realm(), t.status()));
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        out.sort(Comparator.comparing(Snapshot::id));
        return out;
    }
}
