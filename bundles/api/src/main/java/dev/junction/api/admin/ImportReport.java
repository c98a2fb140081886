package dev.junction.api.admin;

import java.util.List;

/**
 * What a configuration file becomes.
 *
 * @param file the file read
 * @param configurations the Junction configurations it maps to, secrets masked
 * @param findings what could not be mapped, errors, notes, and (after an apply) hand edits that were overridden
 */
public record ImportReport(String file, List<ImportedConfiguration> configurations, List<ImportFinding> findings) {

    public ImportReport {
        configurations = List.copyOf(configurations);
        findings = List.copyOf(findings);
    }

    /** Whether any finding is an error (the part it names was not applied). */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.kind() == ImportFinding.Kind.ERROR);
    }
}
