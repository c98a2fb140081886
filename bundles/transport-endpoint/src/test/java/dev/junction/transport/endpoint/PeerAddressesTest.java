package dev.junction.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

import org.junit.jupiter.api.Test;

/** Moved here from the WebSocket transport with the class: every transport writes peers the same way. */
class PeerAddressesTest {

    @Test
    void peersAreWrittenAsCrossbarDoes() throws Exception {
        assertThat(PeerAddresses.describe(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 52124)))
                .isEqualTo("tcp4:127.0.0.1:52124");
        assertThat(PeerAddresses.describe(new InetSocketAddress(InetAddress.getByName("::1"), 52124)))
                .isEqualTo("tcp6:[::1]:52124");
        assertThat(PeerAddresses.describe(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 1)))
                .isEqualTo("tcp6:[2001:db8::1:0:0:1]:1");
        assertThat(PeerAddresses.describe(new InetSocketAddress(InetAddress.getByName("fe80:0:0:0:0:0:0:0"), 1)))
                .isEqualTo("tcp6:[fe80::]:1");
        assertThat(PeerAddresses.describe(new InetSocketAddress(InetAddress.getByName("::"), 1))).isEqualTo("tcp6:[::]:1");
        assertThat(PeerAddresses.describe(UnixDomainSocketAddress.of("/tmp/x.sock"))).isEqualTo("unix");
    }

}
