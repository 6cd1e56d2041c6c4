package org.labctl.ca.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network address a join token is bound to: one IP address, or a CIDR block. An enrollment with
 * the token must come from inside it, as labd sees the connection (its remote address; no header such
 * as X-Forwarded-For is ever believed). IPv4 addresses mapped into IPv6 ({@code ::ffff:a.b.c.d}) compare
 * as the IPv4 address they are.
 *
 * @param network the address, its host bits as given
 * @param bits    the prefix length: 32 or 128 for a single address
 */
record BoundAddress(InetAddress network, int bits) {

    private static final Pattern FORM = Pattern.compile("(?<address>\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)"
            + "(/(?<bits>\\d{1,3}))?");

    /**
     * Reads an address or CIDR block (never a host name: nothing is looked up).
     *
     * @throws IllegalArgumentException naming what was wrong
     */
    static BoundAddress parse(String text) {
        Matcher form = FORM.matcher(text == null ? "" : text.trim());
        if (form.matches()) {
            Optional<InetAddress> address = literal(form.group("address"));
            if (address.isPresent()) {
                int max = address.get() instanceof Inet4Address ? 32 : 128;
                int bits = form.group("bits") == null ? max : Integer.parseInt(form.group("bits"));
                if (bits >= 1 && bits <= max) {
                    return new BoundAddress(address.get(), bits);
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block, such as 10.0.0.5 or 10.0.0.0/24");
    }

    /** Whether {@code remote} (an address as the servlet container gives it) is inside. */
    boolean contains(String remote) {
        Optional<InetAddress> address = remote == null ? Optional.empty() : literal(remote.trim());
        if (address.isEmpty()) {
            return false;
        }
        byte[] have = address.get().getAddress();
        byte[] want = network.getAddress();
        if (have.length != want.length) {
            return false;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (have[i] != want[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        return rest == 0 || ((have[whole] ^ want[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    /** How it is stored and shown: {@code 10.0.0.5} or {@code 10.0.0.0/24}. */
    @Override
    public String toString() {
        int max = network instanceof Inet4Address ? 32 : 128;
        return network.getHostAddress() + (bits == max ? "" : "/" + bits);
    }

    /** An IP literal, an IPv4-mapped IPv6 address turned into its IPv4 address; empty when it is not one. */
    private static Optional<InetAddress> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            bare = bare.substring(0, zone);
        }
        if (!bare.matches("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return Optional.empty(); // never a name to look up
        }
        try {
            InetAddress address = InetAddress.getByName(bare);
            if (address instanceof Inet6Address v6 && v6.getAddress().length == 16 && isMappedIpv4(v6.getAddress())) {
                byte[] bytes = v6.getAddress();
                return Optional.of(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
            }
            return Optional.of(address);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isMappedIpv4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
