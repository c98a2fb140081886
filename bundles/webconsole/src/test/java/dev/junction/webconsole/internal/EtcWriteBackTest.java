package dev.junction.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcWriteBackTest {
    @TempDir
    Path etc;

    @Test
    void namesFollowFileInstall() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>(Map.of("name", "realm2"));
        assertThat(EtcWriteBack.fileFor(etc, "dev.junction.router", null, props))
                .isEqualTo(etc.resolve("dev.junction.router.cfg"));
        assertThat(EtcWriteBack.fileFor(etc, "dev.junction.realm~realm1", "dev.junction.realm", props))
                .as("a named factory configuration keeps its name").isEqualTo(etc.resolve("dev.junction.realm-realm1.cfg"));
        assertThat(EtcWriteBack.fileFor(etc, "dev.junction.realm.0c1d-77", "dev.junction.realm", props))
                .as("console-created: named after its name key").isEqualTo(etc.resolve("dev.junction.realm-realm2.cfg"));
        Files.writeString(etc.resolve("dev.junction.realm-realm2.cfg"), "name = other\n");
        assertThat(EtcWriteBack.fileFor(etc, "dev.junction.realm.0c1d-77", "dev.junction.realm", props))
                .as("never over another file").isEqualTo(etc.resolve("dev.junction.realm-realm2-2.cfg"));
        assertThat(EtcWriteBack.fileFor(etc, "dev.junction.transport.websocket.9f3e", "dev.junction.transport.websocket",
                new Hashtable<>(Map.of("id", "second port", "name", "x")))).as("id first, made safe")
                .isEqualTo(etc.resolve("dev.junction.transport.websocket-second_port.cfg"));
    }

    @Test
    void writesACfgThatKarafReadsBack() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.pid", "dev.junction.transport.websocket.9f3e");
        props.put("service.factoryPid", "dev.junction.transport.websocket");
        props.put("felix.fileinstall.filename", "file:/x");
        props.put("serializers", new String[] {"json", "msgpack"});
        props.put("endpoint.port", 9000);
        props.put("options.compression", "deflate");
        props.put("url", "ws://h\\x");
        Path file = etc.resolve("t.cfg");
        EtcWriteBack.write(file, props);
        assertThat(Files.readAllLines(file)).filteredOn(l -> !l.startsWith("#")).containsExactly(
                "endpoint.port = 9000", "options.compression = deflate", "serializers = json, msgpack",
                "url = ws://h\\\\x");
        java.util.Properties read = new java.util.Properties();
        try (var in = Files.newBufferedReader(file)) {
            read.load(in);
        }
        assertThat(read).containsEntry("url", "ws://h\\x").containsEntry("serializers", "json, msgpack")
                .doesNotContainKey("service.pid");
    }
}
