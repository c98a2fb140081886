package dev.junction.crossbar.internal;

import java.util.ArrayList;
import java.util.List;

import dev.junction.api.admin.ImportFinding;
import dev.junction.api.admin.ImportFinding.Kind;

/** Collects what an import reports, in the order found. */
final class Findings {
    private final List<ImportFinding> all = new ArrayList<>();

    void error(String path, String message) {
        all.add(new ImportFinding(Kind.ERROR, path, message, null));
    }

    void unmapped(String path, String message, String instead) {
        all.add(new ImportFinding(Kind.UNMAPPED, path, message, instead));
    }

    void note(String path, String message) {
        all.add(new ImportFinding(Kind.NOTE, path, message, null));
    }

    void overridden(String path, String message) {
        all.add(new ImportFinding(Kind.OVERRIDDEN, path, message, null));
    }

    List<ImportFinding> list() {
        return List.copyOf(all);
    }
}
