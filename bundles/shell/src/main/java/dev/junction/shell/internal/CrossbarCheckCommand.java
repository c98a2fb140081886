package dev.junction.shell.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import dev.junction.api.admin.ConfigurationImporter;
import dev.junction.api.admin.ImportReport;
import dev.junction.api.admin.ImportedConfiguration;

/**
 * {@code junction:crossbar-check <file>}: what a Crossbar node configuration would become, and everything in it
 * that has no counterpart, without applying anything. The importer is looked up when the command runs: it comes
 * with the optional {@code junction-crossbar} feature.
 */
@Command(scope = "junction", name = "crossbar-check", description = "Reads a Crossbar.io node configuration "
        + "(config.json or config.yaml) and prints the Junction configurations it maps to and what cannot be mapped, "
        + "applying nothing.")
@Service
public class CrossbarCheckCommand implements Action {
    @Reference
    BundleContext context;

    @Argument(index = 0, name = "file", description = "The Crossbar configuration file", required = true)
    String file;

    @Override
    public Object execute() throws InvalidSyntaxException {
        Collection<ServiceReference<ConfigurationImporter>> refs = context.getServiceReferences(
                ConfigurationImporter.class, "(" + ConfigurationImporter.FORMAT + "=crossbar)");
        if (refs.isEmpty()) {
            System.err.println("No Crossbar importer is installed: feature:install junction-crossbar");
            return null;
        }
        ServiceReference<ConfigurationImporter> ref = refs.iterator().next();
        ConfigurationImporter importer = context.getService(ref);
        try {
            print(importer.check(resolve(file)));
        } finally {
            context.ungetService(ref);
        }
        return null;
    }

    /** Relative to the directory Karaf runs in (its base), as an operator typing a path expects. */
    private static Path resolve(String name) {
        Path p = Path.of(name);
        String base = System.getProperty("karaf.base");
        return p.isAbsolute() || base == null ? p : Path.of(base).resolve(p);
    }

    private static void print(ImportReport report) {
        System.out.println("Crossbar configuration " + report.file());
        System.out.println(report.configurations().size() + " Junction configurations:");
        for (ImportedConfiguration c : report.configurations()) {
            System.out.println("  " + c.factoryPid() + "~" + c.name() + "   <- " + c.source());
            c.properties().forEach((k, v) -> System.out.println("      " + k + " = "
                    + (v instanceof Object[] a ? String.join(", ", Arrays.stream(a).map(String::valueOf).toList())
                            : v)));
        }
        System.out.println(report.findings().size() + " findings:");
        report.findings().forEach(f -> System.out.println("  " + f));
    }
}
