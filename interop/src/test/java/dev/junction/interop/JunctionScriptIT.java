package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./junction prepare} (what {@code ./junction start} does before it runs Karaf) against a copy of the built
 * assembly ({@code JUNCTION_ASSEMBLY}, so nothing is built): the first time it creates user admin with a random
 * password and prints it once; a newer assembly later replaces only the etc/ files nobody changed, keeps edited,
 * added and console-written files, and does not bring back a shipped file that was deleted.
 */
@ExtendWith(PrintingWatcher.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JunctionScriptIT {
    private static final String TRANSPORT = "dev.junction.transport.websocket-default.cfg";
    private static final String REALM = "dev.junction.realm-realm1.cfg";
    private static final String METRICS = "dev.junction.metrics.cfg";

    /**
     * The assembly boots its features one by one from etc/org.apache.karaf.features.cfg (so each can be uninstalled);
     * that list must name every feature of the pom's bootFeatures, which karaf-maven-plugin writes into the generated
     * boot feature of the same etc/.
     */
    @Test
    void everyBootFeatureOfTheBuildIsBootedOneByOne() throws Exception {
        Path etc = JunctionServer.findKarafHome(Path.of(System.getProperty("junction.assembly.dir"))).resolve("etc");
        Properties cfg = new Properties();
        try (var in = Files.newBufferedReader(etc.resolve("org.apache.karaf.features.cfg"))) {
            cfg.load(in);
        }
        Set<String> booted = new TreeSet<>();
        for (String f : cfg.getProperty("featuresBoot").split(",")) {
            booted.add(f.trim().replaceFirst("/.*", ""));
        }
        Set<String> built = new TreeSet<>();
        try (var files = Files.list(etc)) {
            for (Path xml : files.filter(f -> f.getFileName().toString().matches("[0-9a-f-]{36}\\.xml")).toList()) {
                var m = Pattern.compile("<feature version=\"[^\"]*\"[^>]*>([^<]+)</feature>")
                        .matcher(Files.readString(xml));
                while (m.find()) {
                    built.add(m.group(1).trim());
                }
            }
        }
        assertThat(built).as("the generated boot feature's features").contains("junction", "scr");
        assertThat(booted).containsAll(built);
    }

    @Test
    void prepareKeepsEtcAndPrintsTheGeneratedPasswordOnce() throws Exception {
        Path results = Path.of(System.getProperty("junction.results.dir", "target"));
        Path assembly = results.resolve("script-assembly");
        Path runtime = results.resolve("script-runtime");
        JunctionServer.deleteTree(assembly);
        JunctionServer.deleteTree(runtime);
        JunctionServer.copyTree(JunctionServer.findKarafHome(Path.of(System.getProperty("junction.assembly.dir"))),
                assembly);
        Path etc = runtime.resolve("etc");

        // First time: etc/ from the assembly, a generated admin password, printed once.
        String first = prepare(assembly, runtime);
        Matcher printed = Pattern.compile("password: (\\S+)").matcher(first);
        assertThat(printed.find()).as(first).isTrue();
        String password = printed.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(Files.readString(etc.resolve("users.properties"))).contains("admin = " + password + ",");
        assertThat(etc.resolve(TRANSPORT)).hasSameTextualContentAs(assembly.resolve("etc").resolve(TRANSPORT));
        assertThat(etc.resolve(METRICS)).exists();

        // The operator's changes: an edit, a deletion, a new file, a file the web console wrote.
        Files.writeString(etc.resolve(TRANSPORT), "\n# mine\noptions.max_message_size = 65536\n",
                java.nio.file.StandardOpenOption.APPEND);
        String edited = Files.readString(etc.resolve(TRANSPORT));
        Files.delete(etc.resolve(METRICS));
        Files.writeString(etc.resolve("dev.junction.realm-mine.cfg"), "name = mine\n");
        Files.writeString(etc.resolve("dev.junction.transport.websocket-console.cfg.json"),
                "{ \"endpoint.port\": 9999 }\n");

        // A newer assembly whose defaults changed: the unchanged realm file follows it (the refresh ran), the edited
        // transport file stays as edited, the deleted metrics file stays deleted.
        Files.writeString(assembly.resolve("etc").resolve(REALM), "\n# changed default\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(assembly.resolve("etc").resolve(TRANSPORT), "\n# changed default\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(assembly.resolve("etc/startup.properties"),
                FileTime.from(Instant.now().plusSeconds(5)));
        String second = prepare(assembly, runtime);
        assertThat(second).doesNotContain("password:");
        assertThat(etc.resolve(REALM)).hasSameTextualContentAs(assembly.resolve("etc").resolve(REALM));
        assertThat(Files.readString(etc.resolve(TRANSPORT))).isEqualTo(edited);
        assertThat(second).contains("kept your edited etc/" + TRANSPORT);
        assertThat(etc.resolve(METRICS)).doesNotExist();
        assertThat(second).contains("left out etc/" + METRICS);
        assertThat(Files.readString(etc.resolve("dev.junction.realm-mine.cfg"))).isEqualTo("name = mine\n");
        assertThat(etc.resolve("dev.junction.transport.websocket-console.cfg.json")).exists();
        assertThat(Files.readString(etc.resolve("users.properties"))).contains("admin = " + password + ",");
    }

    /** Runs {@code ./junction prepare} and returns what it printed (it must succeed). */
    private static String prepare(Path assembly, Path runtime) throws IOException, InterruptedException {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("junction");
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString(), "prepare"))
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("JUNCTION_") || k.startsWith("KARAF_"));
        pb.environment().put("JUNCTION_ASSEMBLY", assembly.toAbsolutePath().toString());
        pb.environment().put("JUNCTION_HOME", runtime.toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println("[script] ./junction prepare -> " + p.exitValue() + "\n" + out);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
