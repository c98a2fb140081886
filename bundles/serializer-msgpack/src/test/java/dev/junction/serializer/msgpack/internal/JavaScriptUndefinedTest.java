package dev.junction.serializer.msgpack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.junction.api.message.Subscribe;

/** wampy.js (msgpackr) sends absent options as JavaScript {@code undefined}: fixext 1, type 0, data 0. */
class JavaScriptUndefinedTest {
    private final MsgpackSerializerComponent msgpack = new MsgpackSerializerComponent();

    @Test
    void undefinedInOptionsReadsAsNil() {
        // [32, 1, {"match": undefined, "get_retained": undefined}, "com.t"]
        Subscribe s = (Subscribe) msgpack.decode(Hex.bytes("942001" + "82" + "a56d61746368" + "d40000"
                + "ac6765745f72657461696e6564" + "d40000" + "a5636f6d2e74"));
        assertThat(s.options()).containsEntry("match", null).containsEntry("get_retained", null);
        assertThat(s.topic()).isEqualTo("com.t");
    }

    @Test
    void undefinedInArgumentsReadsAsNil() {
        // [16, 1, {}, "t", [undefined, 1]]
        assertThat(msgpack.decode(Hex.bytes("95100180a174" + "92d4000001")).payload().args())
                .isEqualTo(Arrays.asList(null, 1L));
    }
}
