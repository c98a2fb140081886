package dev.junction.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.junction.api.admin.RouterAdmin;
import dev.junction.api.admin.SubscriptionView;

/** {@code junction:subscriptions [realm]}. */
@Command(scope = "junction", name = "subscriptions", description = "Lists the subscriptions and their subscribers, "
        + "of one realm or of all.")
@Service
public class SubscriptionsCommand implements Action {
    @Reference
    RouterAdmin admin;

    @Argument(index = 0, name = "realm", description = "Only this realm's subscriptions", required = false)
    @Completion(RealmCompleter.class)
    String realm;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Realm");
        table.column("Id").alignRight();
        table.column("Topic");
        table.column("Match");
        table.column("Subscribers").maxSize(60).wrap();
        table.column("Created");
        for (SubscriptionView s : admin.subscriptions(realm)) {
            table.addRow().addContent(s.realm(), s.id(), s.uri(), s.match(), Tables.ids(s.subscribers()),
                    Tables.time(s.created()));
        }
        table.print(System.out);
        return null;
    }
}
