package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigDigestTest {
    private static final ConfigDigest.Entry REALM = new ConfigDigest.Entry(ConfigDigest.REALM,
            Map.of("name", "realm1", "service.pid", "dev.junction.realm~a", "felix.fileinstall.filename", "file:/a"));
    private static final ConfigDigest.Entry ROLE = new ConfigDigest.Entry(ConfigDigest.ROLE,
            Map.of("realm", "realm1", "name", "anonymous", "permissions", new String[] { "* call,publish" }));

    @Test
    void sameConfigurationSameDigestWhateverTheOrderAndLocation() {
        ConfigDigest.Entry realmElsewhere = new ConfigDigest.Entry(ConfigDigest.REALM,
                Map.of("name", "realm1", "service.pid", "dev.junction.realm~b"));
        ConfigDigest.Entry roleFromCfgFile = new ConfigDigest.Entry(ConfigDigest.ROLE,
                Map.of("realm", "realm1", "name", "anonymous", "permissions", "* call,publish"));
        assertThat(ConfigDigest.of(List.of(REALM, ROLE)))
                .isEqualTo(ConfigDigest.of(List.of(roleFromCfgFile, realmElsewhere)));
    }

    @Test
    void aDifferentRoleOrPrincipalChangesTheDigest() {
        String base = ConfigDigest.of(List.of(REALM, ROLE));
        ConfigDigest.Entry otherRole = new ConfigDigest.Entry(ConfigDigest.ROLE,
                Map.of("realm", "realm1", "name", "anonymous", "permissions", new String[] { "* call" }));
        ConfigDigest.Entry principal = new ConfigDigest.Entry(ConfigDigest.PRINCIPAL,
                Map.of("authid", "joe", "realm", "realm1"));
        assertThat(ConfigDigest.of(List.of(REALM, otherRole))).isNotEqualTo(base);
        assertThat(ConfigDigest.of(List.of(REALM, ROLE, principal))).isNotEqualTo(base);
        assertThat(ConfigDigest.of(List.of(REALM))).isNotEqualTo(base);
    }

    @Test
    void otherConfigurationsDoNotCount() {
        ConfigDigest.Entry transport = new ConfigDigest.Entry("dev.junction.transport.websocket",
                Map.of("endpoint.port", 8080));
        assertThat(ConfigDigest.of(List.of(REALM, ROLE, transport))).isEqualTo(ConfigDigest.of(List.of(REALM, ROLE)));
    }

    @Test
    void aMismatchMakesAJoiningNodeLeaveOnlyWhenRefusing() {
        Map<String, String> others = new java.util.HashMap<>();
        others.put("m1", "aaa");
        others.put("m2", "bbb");
        others.put("m3", null);
        JoinCheck.Verdict refuse = JoinCheck.check("aaa", others, JoinCheck.Mode.REFUSE);
        assertThat(refuse.mismatches()).containsOnlyKeys("m2");
        assertThat(refuse.leave()).isTrue();
        JoinCheck.Verdict warn = JoinCheck.check("aaa", others, JoinCheck.Mode.WARN);
        assertThat(warn.mismatches()).containsOnlyKeys("m2");
        assertThat(warn.leave()).isFalse();
        JoinCheck.Verdict same = JoinCheck.check("aaa", Map.of("m1", "aaa"), JoinCheck.Mode.REFUSE);
        assertThat(same.matches()).isTrue();
        assertThat(same.leave()).isFalse();
    }

    @Test
    void theCrossbarFileAnImportCameFromDoesNotCountItsContentDoes() {
        ConfigDigest.Entry here = new ConfigDigest.Entry(ConfigDigest.REALM, Map.of("name", "cb",
                "junction.crossbar.file", "/opt/node1/etc/config.json", "junction.crossbar.digest", "d1"));
        ConfigDigest.Entry there = new ConfigDigest.Entry(ConfigDigest.REALM, Map.of("name", "cb",
                "junction.crossbar.file", "/srv/node2/etc/config.json", "junction.crossbar.digest", "d1"));
        ConfigDigest.Entry changed = new ConfigDigest.Entry(ConfigDigest.REALM, Map.of("name", "cb",
                "junction.crossbar.file", "/opt/node1/etc/config.json", "junction.crossbar.digest", "d2"));
        assertThat(ConfigDigest.of(List.of(here))).isEqualTo(ConfigDigest.of(List.of(there)))
                .isNotEqualTo(ConfigDigest.of(List.of(changed)));
    }
}
