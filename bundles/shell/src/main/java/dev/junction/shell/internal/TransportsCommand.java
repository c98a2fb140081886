package dev.junction.shell.internal;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import dev.junction.api.admin.RouterAdmin;
import dev.junction.api.admin.TransportView;
import dev.junction.spi.serializer.Serializer;
import dev.junction.spi.serializer.WampSerializer;

/**
 * {@code junction:transports}. The {@code Karaf-Commands} header tells Karaf's shell extender to scan this bundle
 * for {@link Service} classes (Karaf's own build adds it with its services plugin; bnd needs it spelled out).
 */
@Header(name = "Karaf-Commands", value = "*")
@Command(scope = "junction", name = "transports", description = "Lists the listening transports: state, endpoint, "
        + "serializers (marking those configured but not installed), connections and the last configuration error.")
@Service
public class TransportsCommand implements Action {
    @Reference
    RouterAdmin admin;

    @Reference
    BundleContext context;

    @Override
    public Object execute() throws InvalidSyntaxException {
        Set<String> installed = installedSerializers();
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
                    serializers(t.serializers(), installed), t.connections(), Tables.orEmpty(t.error()));
        }
        table.print(System.out);
        return null;
    }

    /**
     * The serializers cell: the configured ones in their order, each that no bundle offers right now marked, since a
     * client cannot get it (the transport offers it as soon as it is installed); all installed ones when the
     * configuration names none.
     */
    static String serializers(List<String> configured, Collection<String> installed) {
        if (configured.isEmpty()) {
            return installed.isEmpty() ? "(all registered: none yet)"
                    : "(all registered: " + String.join(", ", new TreeSet<>(installed)) + ")";
        }
        return configured.stream().map(name -> installed.contains(name) ? name : name + " (not installed)")
                .collect(Collectors.joining(", "));
    }

    private Set<String> installedSerializers() throws InvalidSyntaxException {
        Set<String> names = new TreeSet<>();
        for (ServiceReference<Serializer> ref : context.getServiceReferences(Serializer.class, null)) {
            // the name transports go by (their SerializerRegistry.nameOf): the property, else the service's own name
            if (ref.getProperty(WampSerializer.NAME) instanceof String name) {
                names.add(name.toLowerCase(Locale.ROOT));
            } else {
                Serializer serializer = context.getService(ref);
                if (serializer != null) {
                    names.add(serializer.name().toLowerCase(Locale.ROOT));
                    context.ungetService(ref);
                }
            }
        }
        return names;
    }
}
