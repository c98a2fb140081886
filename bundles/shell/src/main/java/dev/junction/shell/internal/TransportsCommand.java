package dev.junction.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.annotation.bundle.Header;

import dev.junction.api.admin.RouterAdmin;
import dev.junction.api.admin.TransportView;

/**
 * {@code junction:transports}. The {@code Karaf-Commands} header tells Karaf's shell extender to scan this bundle
 * for {@link Service} classes (Karaf's own build adds it with its services plugin; bnd needs it spelled out).
 */
@Header(name = "Karaf-Commands", value = "*")
@Command(scope = "junction", name = "transports", description = "Lists the listening transports: state, endpoint, "
        + "serializers, connections and the last configuration error.")
@Service
public class TransportsCommand implements Action {
    @Reference
    RouterAdmin admin;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Type");
        table.column("State");
        table.column("Endpoint");
        table.column("Serializers");
        table.column("Connections").alignRight();
        table.column("Error").maxSize(80).wrap();
        for (TransportView t : admin.transports()) {
            table.addRow().addContent(t.id(), t.type(), t.state(), Tables.orEmpty(t.endpoint()),
                    t.serializers().isEmpty() ? "(all registered)" : String.join(", ", t.serializers()),
                    t.connections(), Tables.orEmpty(t.error()));
        }
        table.print(System.out);
        return null;
    }
}
