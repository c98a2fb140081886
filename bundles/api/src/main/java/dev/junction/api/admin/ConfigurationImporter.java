package dev.junction.api.admin;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns another router's configuration file into Junction configurations, without applying anything: what the
 * shell's {@code junction:crossbar-check} prints. Registered by the bundle that knows the format, with the service
 * property {@link #FORMAT}.
 */
@ProviderType
public interface ConfigurationImporter {

    /** Service property: the format read, e.g. {@code crossbar}. */
    String FORMAT = "junction.import.format";

    /** The format read, e.g. {@code crossbar}. */
    String format();

    /**
     * Reads {@code file} and reports the configurations it would become and everything it cannot map. A file that
     * cannot be read or parsed gives a report with one {@link ImportFinding.Kind#ERROR} finding.
     */
    ImportReport check(Path file);
}
