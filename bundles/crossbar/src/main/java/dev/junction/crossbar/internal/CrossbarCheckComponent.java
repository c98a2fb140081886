package dev.junction.crossbar.internal;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.junction.api.admin.ConfigurationImporter;
import dev.junction.api.admin.ImportReport;

/** Reads a Crossbar file and reports what it would give, applying nothing ({@code junction:crossbar-check}). */
@Component(property = ConfigurationImporter.FORMAT + "=crossbar")
public final class CrossbarCheckComponent implements ConfigurationImporter {

    @Override
    public String format() {
        return "crossbar";
    }

    @Override
    public ImportReport check(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        CrossbarMapper.Result result = CrossbarFiles.map(absolute, "cb_check", new Variables(Map.of(),
                System::getenv));
        return Reports.of(absolute.toString(), result.configurations(), result.findings());
    }
}
