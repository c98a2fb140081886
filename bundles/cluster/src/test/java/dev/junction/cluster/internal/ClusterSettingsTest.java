package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void defaultsArePrivateAndSingle() {
        ClusterSettings s = ClusterSettings.parse(Map.of()).settings();
        assertThat(s.clusterName()).isEqualTo("junction");
        assertThat(s.iface()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(5701);
        assertThat(s.members()).containsExactly("127.0.0.1:5701");
        assertThat(s.memberTimeoutSeconds()).isEqualTo(5);
        assertThat(s.mismatch()).isEqualTo(JoinCheck.Mode.REFUSE);
    }

    @Test
    void aCfgFileIsReadAsKarafDeliversIt() {
        ClusterSettings s = ClusterSettings.parse(Map.of("cluster_name", "prod", "members",
                "10.0.0.1:5701, 10.0.0.2:5701", "interface", "10.0.0.*", "port", "5702", "member_timeout", "10",
                "config_mismatch", "WARN")).settings();
        assertThat(s.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
        assertThat(s.iface()).isEqualTo("10.0.0.*");
        assertThat(s.port()).isEqualTo(5702);
        assertThat(s.memberTimeoutSeconds()).isEqualTo(10);
        assertThat(s.mismatch()).isEqualTo(JoinCheck.Mode.WARN);
    }

    @Test
    void badValuesAreRefusedNamingPidKeyValueAndWhatIsAllowed() {
        String refusal = ClusterSettings.parse(Map.of("interface", "0.0.0.0", "port", "70000", "members",
                List.of("a:99999"), "config_mismatch", "ignore")).refusal();
        assertThat(refusal).contains("dev.junction.cluster", "interface=0.0.0.0", "port=70000", "allowed 1..65535",
                "members=a:99999", "config_mismatch=ignore", "allowed refuse|warn");
        assertThat(ClusterSettings.parse(Map.of("heartbeat_interval", "5", "member_timeout", "5")).refusal())
                .contains("member_timeout=5", "more than heartbeat_interval");
        assertThat(ClusterSettings.parse(Map.of("cluster_name", "a b")).refusal()).contains("cluster_name=a b");
    }

    @Test
    void theMergeIntervalIsThirtySecondsAndBounded() {
        assertThat(ClusterSettings.parse(Map.of()).settings().mergeIntervalSeconds()).isEqualTo(30);
        assertThat(ClusterSettings.parse(Map.of("merge_interval", "10")).settings().mergeIntervalSeconds())
                .isEqualTo(10);
        assertThat(ClusterSettings.parse(Map.of("merge_interval", "4")).refusal()).contains("dev.junction.cluster",
                "merge_interval=4", "allowed 5..3600");
    }
}
