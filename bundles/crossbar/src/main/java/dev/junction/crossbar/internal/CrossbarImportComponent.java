package dev.junction.crossbar.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.admin.ImportFinding;
import dev.junction.api.admin.ImportReport;
import dev.junction.spi.config.ConfigValidator;

/**
 * One Crossbar node configuration file kept applied, per factory configuration of {@code dev.junction.crossbar}:
 * the file is read and mapped, the configurations it gives are created, changed or deleted through
 * ConfigurationAdmin (see {@link ConfigApplier}), and the file is watched so that an edit applies its difference.
 * Deleting this configuration deletes what it created; stopping the bundle or the framework does not.
 */
@Component(configurationPid = CrossbarImportComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = CrossbarImportComponent.Config.class, factory = true)
public final class CrossbarImportComponent {
    static final String PID = "dev.junction.crossbar";
    /** ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED (DS 1.1+), without the whole DS API. */
    private static final int CONFIGURATION_DELETED = 4;
    private static final Logger LOG = LoggerFactory.getLogger(CrossbarImportComponent.class);

    @ObjectClassDefinition(name = "Junction Crossbar import", description = "Keeps the Junction configurations "
            + "equivalent to a Crossbar.io node configuration file (config.json or config.yaml).")
    @interface Config {
        @AttributeDefinition(name = "Path", description = "The Crossbar configuration file; relative paths inside "
                + "it are resolved against its directory.")
        String path();

        @AttributeDefinition(name = "Poll interval (s)", min = "0", description = "How often the file is checked "
                + "for changes; 0 reads it once.")
        int poll_interval() default 2;

        String webconsole_configurationFactory_nameHint() default "Crossbar import of {path}";
    }

    private final ConfigApplier applier;
    private final Path file;
    private final String prefix;
    private final Variables variables;
    private final ScheduledExecutorService executor;
    private String lastSeen = "";

    @Activate
    public CrossbarImportComponent(@Reference ConfigurationAdmin configAdmin, Map<String, Object> properties) {
        String pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        ConfigValidator v = new ConfigValidator(pid, properties);
        String path = v.string("path", null);
        if (path == null || path.isBlank()) {
            v.error("path", path, "required: the Crossbar configuration file (config.json or config.yaml)");
        }
        int poll = v.integer("poll_interval", 2, 0, 86400);
        if (!v.ok()) {
            LOG.error(v.summary());
            throw new IllegalArgumentException(v.summary());
        }
        Map<String, String> overrides = new HashMap<>();
        properties.forEach((k, val) -> {
            if (k.startsWith("env.") && val != null) {
                overrides.put(k.substring(4), String.valueOf(val));
            }
        });
        this.file = Path.of(path).toAbsolutePath().normalize();
        this.prefix = "cb_" + CrossbarMapper.sanitize(ConfigValidator.instanceName(properties, PID));
        this.variables = new Variables(overrides, System::getenv);
        this.applier = new ConfigApplier(configAdmin, pid);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "junction-crossbar-" + prefix);
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::applyIfChanged);
        if (poll > 0) {
            executor.scheduleWithFixedDelay(this::applyIfChanged, poll, poll, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate(int reason) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reason == CONFIGURATION_DELETED) {
            try {
                applier.removeAll();
                LOG.info("Crossbar import of {} removed, with the configurations it had created", file);
            } catch (IOException | RuntimeException e) {
                LOG.error("Crossbar import of {}: could not delete its configurations", file, e);
            }
        }
    }

    /** Applies the file when its size, time or content changed since the last apply. */
    private void applyIfChanged() {
        try {
            String seen = fingerprint();
            if (seen.equals(lastSeen)) {
                return;
            }
            lastSeen = seen;
            apply();
        } catch (RuntimeException e) {
            LOG.error("Crossbar import of {} failed", file, e);
        }
    }

    private String fingerprint() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "@" + a.lastModifiedTime().toMillis() + "#" + ConfigApplier.digest(Map.of("content",
                    new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private void apply() {
        CrossbarMapper.Result result = CrossbarFiles.map(file, prefix, variables);
        Findings applyFindings = new Findings();
        if (!CrossbarFiles.usable(result)) {
            // A half-written or broken file must not delete what the last good one created.
            applyFindings.note("(file)", "nothing changed: the configurations of the last good version stay");
        } else {
            try {
                applier.apply(result.configurations(), file.toString(), applyFindings);
            } catch (IOException e) {
                applyFindings.error("(file)", "ConfigurationAdmin failed: " + e);
            }
        }
        List<ImportFinding> all = new ArrayList<>(result.findings());
        all.addAll(applyFindings.list());
        ImportReport report = Reports.of(file.toString(), result.configurations(), all);
        log(report);
    }

    private void log(ImportReport report) {
        long errors = count(report, ImportFinding.Kind.ERROR);
        long unmapped = count(report, ImportFinding.Kind.UNMAPPED);
        long overridden = count(report, ImportFinding.Kind.OVERRIDDEN);
        LOG.info("Crossbar import of {}: {} configurations, {} errors, {} unmapped, {} overridden by the file",
                file, report.configurations().size(), errors, unmapped, overridden);
        for (ImportFinding f : report.findings()) {
            switch (f.kind()) {
                case ERROR -> LOG.error("Crossbar import of {}: {}", file, f);
                case UNMAPPED, OVERRIDDEN -> LOG.warn("Crossbar import of {}: {}", file, f);
                default -> LOG.info("Crossbar import of {}: {}", file, f);
            }
        }
    }

    private static long count(ImportReport report, ImportFinding.Kind kind) {
        return report.findings().stream().filter(f -> f.kind() == kind).count();
    }
}
