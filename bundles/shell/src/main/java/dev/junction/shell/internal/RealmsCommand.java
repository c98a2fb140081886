package dev.junction.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.junction.api.admin.RealmView;
import dev.junction.api.admin.RouterAdmin;

/** {@code junction:realms}. */
@Command(scope = "junction", name = "realms", description = "Lists the realms with their session, subscription "
        + "and registration counts.")
@Service
public class RealmsCommand implements Action {
    @Reference
    RouterAdmin admin;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Realm");
        table.column("Sessions").alignRight();
        table.column("Subscriptions").alignRight();
        table.column("Registrations").alignRight();
        table.column("URI check");
        table.column("Meta API");
        for (RealmView r : admin.realms()) {
            table.addRow().addContent(r.name(), r.sessions(), r.subscriptions(), r.registrations(), r.uriCheck(),
                    r.metaApi() ? "on" : "off");
        }
        table.print(System.out);
        return null;
    }
}
