package dev.junction.transport.endpoint;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** The peer of a connection written as Crossbar writes it: {@code tcp4:127.0.0.1:52124}, {@code tcp6:[::1]:52124}, {@code unix}. */
public final class PeerAddresses {
    private PeerAddresses() {
    }

    public static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress ip = inet.getAddress();
            if (ip instanceof Inet4Address) {
                return "tcp4:" + ip.getHostAddress() + ":" + inet.getPort();
            }
            if (ip instanceof Inet6Address) {
                return "tcp6:[" + compress(ip.getAddress()) + "]:" + inet.getPort();
            }
        }
        if (address instanceof UnixDomainSocketAddress || address == null) {
            return "unix";
        }
        return String.valueOf(address);
    }

    /** RFC 5952 text of a 16-byte IPv6 address: lower case, the longest run (of two or more) of zero groups as {@code ::}. */
    public static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
