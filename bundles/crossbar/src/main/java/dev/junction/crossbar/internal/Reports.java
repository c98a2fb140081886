package dev.junction.crossbar.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.junction.api.admin.ImportFinding;
import dev.junction.api.admin.ImportReport;
import dev.junction.api.admin.ImportedConfiguration;

/** Import reports as operators see them: secrets masked, findings in file order. */
final class Reports {
    static final String MASK = "********";
    private static final Set<String> SECRETS = Set.of("ticket", "secret", "options.secret", "options.github_secret",
            "endpoint.tls.key_password", "endpoint.tls.keystore_password");

    private Reports() {
    }

    static ImportReport of(String file, List<Planned> planned, List<ImportFinding> findings) {
        List<ImportedConfiguration> configurations = new ArrayList<>();
        for (Planned p : planned) {
            Map<String, Object> shown = new LinkedHashMap<>();
            p.properties().forEach((k, v) -> shown.put(k, SECRETS.contains(k) ? MASK : v));
            configurations.add(new ImportedConfiguration(p.factoryPid(), p.name(), shown, p.source()));
        }
        return new ImportReport(file, configurations, findings);
    }
}
