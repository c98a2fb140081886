package dev.junction.crossbar.internal;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.junction.api.admin.ImportFinding;

/** Reading and mapping one Crossbar file; a file that cannot be read maps to nothing and one error. */
final class CrossbarFiles {
    private CrossbarFiles() {
    }

    static CrossbarMapper.Result map(Path file, String prefix, Variables variables) {
        JsonNode root;
        try {
            root = NodeFile.read(file);
        } catch (NodeFile.Unreadable e) {
            return new CrossbarMapper.Result(List.of(), List.of(new ImportFinding(ImportFinding.Kind.ERROR, "(file)",
                    e.getMessage(), null)));
        }
        Path nodeDir = file.toAbsolutePath().normalize().getParent();
        return CrossbarMapper.map(root, prefix, nodeDir, variables);
    }

    /**
     * Whether a mapped file may be applied: not when it could not be read or parsed, or is not a version 2
     * configuration. Applying such a file would delete everything (a half-saved edit would take the node down),
     * so the configurations of the last good version stay instead.
     */
    static boolean usable(CrossbarMapper.Result result) {
        return result.findings().stream().noneMatch(f -> f.kind() == ImportFinding.Kind.ERROR
                && (f.path().equals("(file)") || f.path().equals("version")));
    }
}
