package dev.junction.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.junction.api.admin.RegistrationView;
import dev.junction.api.admin.RouterAdmin;

/** {@code junction:registrations [realm]}. */
@Command(scope = "junction", name = "registrations", description = "Lists the registrations and their callees, "
        + "of one realm or of all.")
@Service
public class RegistrationsCommand implements Action {
    @Reference
    RouterAdmin admin;

    @Argument(index = 0, name = "realm", description = "Only this realm's registrations", required = false)
    @Completion(RealmCompleter.class)
    String realm;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Realm");
        table.column("Id").alignRight();
        table.column("Procedure");
        table.column("Match");
        table.column("Invoke");
        table.column("Callees").maxSize(60).wrap();
        table.column("Created");
        for (RegistrationView r : admin.registrations(realm)) {
            table.addRow().addContent(r.realm(), r.id(), r.uri(), r.match(), r.invoke(), Tables.ids(r.callees()),
                    Tables.time(r.created()));
        }
        table.print(System.out);
        return null;
    }
}
