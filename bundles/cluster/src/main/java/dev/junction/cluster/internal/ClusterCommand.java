package dev.junction.cluster.internal;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.annotation.bundle.Header;

/**
 * {@code junction:cluster}: this node's state in the cluster, the members with their configuration digests, and how
 * many publications crossed between nodes. The {@code Karaf-Commands} header makes Karaf's shell extender scan this
 * bundle for commands.
 */
@Header(name = "Karaf-Commands", value = "*")
@Command(scope = "junction", name = "cluster", description = "Shows this node's cluster membership, the members "
        + "and the publications sent to and received from other nodes.")
@Service
public class ClusterCommand implements Action {
    @Reference
    ClusterStatus status;

    @Override
    public Object execute() {
        System.out.println("Cluster: " + status.clusterName());
        System.out.println("State: " + status.state());
        System.out.println("Config digest: " + status.configDigest());
        System.out.println("Events sent: " + status.eventsSent());
        System.out.println("Events received: " + status.eventsReceived());
        System.out.println("Calls sent: " + status.callsSent());
        System.out.println("Calls served: " + status.callsServed());
        System.out.println("Subscriptions known: " + KnownEntries.describe(status.subscriptionsByNode()));
        System.out.println("Registrations known: " + KnownEntries.describe(status.registrationsByNode()));
        ShellTable table = new ShellTable();
        table.column("Member");
        table.column("Address");
        table.column("This node");
        table.column("Config digest");
        table.column("Events sent to").alignRight();
        Map<String, Long> sentTo = status.eventsSentTo();
        for (ClusterStatus.MemberView m : status.members()) {
            String digest = m.configDigest() == null ? "" : m.configDigest();
            table.addRow().addContent(m.uuid(), m.address(), m.local() ? "yes" : "",
                    digest.equals(status.configDigest()) ? "same" : "DIFFERS " + digest,
                    sentTo.getOrDefault(m.uuid(), 0L));
        }
        table.print(System.out);
        return null;
    }
}
