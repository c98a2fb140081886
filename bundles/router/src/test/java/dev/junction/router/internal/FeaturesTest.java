package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.junction.api.message.Welcome;

/**
 * WELCOME announces exactly the features that have tests, and the README's feature table says the same. Each test of
 * an Advanced Profile feature carries the feature's key as a JUnit {@link Tag} (on the method or its class); this
 * build runs them all, so a feature is announced only while tests of it exist and pass. The feature list itself is
 * kept in one place, {@link Features}. (The interop suites check the same WELCOME against the README with real
 * clients: interop/node/test/advanced.test.mjs.)
 */
class FeaturesTest extends RouterTestSupport {
    private static final Pattern FEATURE_ROW = Pattern.compile("^\\| ([a-z][a-z_]*) \\| (yes|no) \\|");

    private static Set<String> announced() {
        Set<String> all = new TreeSet<>(Features.BROKER.keySet());
        all.addAll(Features.DEALER.keySet());
        return all;
    }

    @Test
    void welcomeAnnouncesTheFeaturesListedInOnePlace() {
        Welcome w = new TestClient(router, json).join("realm1");
        assertThat(w.details().get("roles")).isEqualTo(Features.ROLES);
        assertThat(Features.BROKER.values()).containsOnly(true);
        assertThat(Features.DEALER.values()).containsOnly(true);
    }

    @Test
    void everyAnnouncedFeatureHasTaggedTestsAndNoTaggedFeatureIsUnannounced() throws Exception {
        Map<String, List<String>> tested = taggedTests(readmeFeatureRows().keySet());
        assertThat(tested.keySet()).as("features with tests (tests tagged with the feature key)")
                .containsExactlyInAnyOrderElementsOf(announced());
    }

    @Test
    void theReadmeTableSaysYesForExactlyTheAnnouncedFeatures() throws IOException {
        Map<String, String> rows = readmeFeatureRows();
        Set<String> yes = new TreeSet<>();
        rows.forEach((feature, supported) -> {
            if (supported.equals("yes")) {
                yes.add(feature);
            }
        });
        assertThat(yes).as("README 'WAMP features' rows marked yes").containsExactlyInAnyOrderElementsOf(announced());
        // the spec features Junction does not do have a row too, marked no
        assertThat(rows).containsEntry("call_trustlevels", "no").containsEntry("publication_trustlevels", "no")
                .containsEntry("sharded_registration", "no").containsEntry("sharded_subscription", "no");
    }

    /** The feature-key rows of the README's "WAMP features" table: key -> yes/no. */
    static Map<String, String> readmeFeatureRows() throws IOException {
        Path readme = Path.of("../../README.md");
        assertThat(readme).as("the repository README, from bundles/router").exists();
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.startsWith("## ")) {
                inTable = line.equals("## WAMP features");
                continue;
            }
            Matcher m = FEATURE_ROW.matcher(line);
            if (inTable && m.find()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        return rows;
    }

    /** For every feature key among {@code features}: the test methods tagged with it (method or class tag). */
    private static Map<String, List<String>> taggedTests(Set<String> features) throws Exception {
        Path root = Path.of("target/test-classes");
        Map<String, List<String>> out = new TreeMap<>();
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(root)) {
            classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : classFiles) {
            String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, false, FeaturesTest.class.getClassLoader());
            for (Method method : type.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Test.class)) {
                    continue;
                }
                for (String tag : tags(type, method)) {
                    if (features.contains(tag)) {
                        out.computeIfAbsent(tag, t -> new ArrayList<>()).add(type.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> tags(AnnotatedElement... elements) {
        Set<String> tags = new TreeSet<>();
        for (AnnotatedElement e : elements) {
            for (Tag t : e.getAnnotationsByType(Tag.class)) {
                tags.add(t.value());
            }
        }
        return tags;
    }
}
