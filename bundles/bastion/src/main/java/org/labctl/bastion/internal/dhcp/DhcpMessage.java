package org.labctl.bastion.internal.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DHCP message (RFC 2131 §2, options RFC 2132): the fixed BOOTP header and the options, kept as
 * raw bytes by code in the order they came. {@link #parse} accepts only what is well formed and
 * throws {@link DhcpFormatException} otherwise; {@link #encode} writes a message of at least the
 * 300 bytes BOOTP relays and old PXE ROMs expect.
 *
 * <p>Option overload (option 52: options continued in {@code file} and {@code sname}) is read;
 * this class never writes it.
 */
public final class DhcpMessage {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    /** The magic cookie that starts the options: 99.130.83.99. */
    static final int MAGIC_COOKIE = 0x63825363;
    /** Header up to and including the magic cookie. */
    static final int HEADER_BYTES = 240;
    /** The shortest message BOOTP relays and PXE ROMs take. */
    static final int MIN_BYTES = 300;
    /** The largest message this server reads or writes (an Ethernet frame's worth of UDP payload). */
    public static final int MAX_BYTES = 1472;

    private static final int OPTION_PAD = 0;
    private static final int OPTION_OVERLOAD = 52;
    private static final int OPTION_END = 255;

    private final int op;
    private final int xid;
    private final int secs;
    private final int flags;
    private final Inet4Address ciaddr;
    private final Inet4Address yiaddr;
    private final Inet4Address siaddr;
    private final Inet4Address giaddr;
    private final byte[] chaddr;
    private final String sname;
    private final String file;
    private final Map<Integer, byte[]> options;

    /**
     * @param chaddr  the client's hardware address (6 bytes for Ethernet)
     * @param options option code to value (without code and length bytes), written in this order
     */
    public DhcpMessage(int op, int xid, int secs, int flags, Inet4Address ciaddr, Inet4Address yiaddr, Inet4Address siaddr,
            Inet4Address giaddr, byte[] chaddr, String sname, String file, Map<Integer, byte[]> options) {
        if (chaddr.length > 16) {
            throw new IllegalArgumentException("a hardware address has at most 16 bytes, not " + chaddr.length);
        }
        if (sname.length() > 63 || file.length() > 127) {
            throw new IllegalArgumentException("sname holds 63 and file 127 characters at most");
        }
        this.op = op;
        this.xid = xid;
        this.secs = secs;
        this.flags = flags;
        this.ciaddr = ciaddr;
        this.yiaddr = yiaddr;
        this.siaddr = siaddr;
        this.giaddr = giaddr;
        this.chaddr = chaddr.clone();
        this.sname = sname;
        this.file = file;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Reads a message from the buffer's remaining bytes.
     *
     * @throws DhcpFormatException when it is not a well-formed Ethernet DHCP message
     */
    public static DhcpMessage parse(ByteBuffer packet) throws DhcpFormatException {
        ByteBuffer in = packet.duplicate();
        if (in.remaining() < HEADER_BYTES) {
            throw new DhcpFormatException("shorter than the " + HEADER_BYTES + "-byte DHCP header: " + in.remaining() + " bytes");
        }
        if (in.remaining() > 65_507) {
            throw new DhcpFormatException("longer than a UDP datagram");
        }
        int start = in.position();
        int op = in.get() & 0xff;
        int htype = in.get() & 0xff;
        int hlen = in.get() & 0xff;
        in.get(); // hops
        if (op != BOOTREQUEST && op != BOOTREPLY) {
            throw new DhcpFormatException("op " + op + " is neither BOOTREQUEST nor BOOTREPLY");
        }
        if (htype != 1 || hlen != 6) {
            throw new DhcpFormatException("not Ethernet: htype " + htype + ", hlen " + hlen);
        }
        int xid = in.getInt();
        int secs = in.getShort() & 0xffff;
        int flags = in.getShort() & 0xffff;
        Inet4Address ciaddr = address(in);
        Inet4Address yiaddr = address(in);
        Inet4Address siaddr = address(in);
        Inet4Address giaddr = address(in);
        byte[] chaddr = new byte[6];
        in.get(chaddr);
        in.position(start + 44);
        byte[] snameBytes = new byte[64];
        in.get(snameBytes);
        byte[] fileBytes = new byte[128];
        in.get(fileBytes);
        if (in.getInt() != MAGIC_COOKIE) {
            throw new DhcpFormatException("no DHCP magic cookie (a plain BOOTP message?)");
        }
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        readOptions(in, options);
        byte[] overload = options.remove(OPTION_OVERLOAD);
        String sname = text(snameBytes);
        String file = text(fileBytes);
        if (overload != null) {
            if (overload.length != 1 || overload[0] < 1 || overload[0] > 3) {
                throw new DhcpFormatException("option 52 (overload) must be 1, 2 or 3");
            }
            if ((overload[0] & 1) != 0) {
                readOptions(ByteBuffer.wrap(fileBytes), options);
                file = "";
            }
            if ((overload[0] & 2) != 0) {
                readOptions(ByteBuffer.wrap(snameBytes), options);
                sname = "";
            }
        }
        return new DhcpMessage(op, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname, file, options);
    }

    private static void readOptions(ByteBuffer in, Map<Integer, byte[]> options) throws DhcpFormatException {
        while (in.hasRemaining()) {
            int code = in.get() & 0xff;
            if (code == OPTION_PAD) {
                continue;
            }
            if (code == OPTION_END) {
                return;
            }
            if (!in.hasRemaining()) {
                throw new DhcpFormatException("option " + code + " has no length byte");
            }
            int length = in.get() & 0xff;
            if (length > in.remaining()) {
                throw new DhcpFormatException("option " + code + " claims " + length + " bytes, " + in.remaining() + " are left");
            }
            byte[] value = new byte[length];
            in.get(value);
            // RFC 3396: an option that appears again continues the earlier one
            options.merge(code, value, (a, b) -> {
                byte[] joined = new byte[a.length + b.length];
                System.arraycopy(a, 0, joined, 0, a.length);
                System.arraycopy(b, 0, joined, a.length, b.length);
                return joined;
            });
        }
        // no END: tolerated, as many PXE ROMs send padding to the end of the packet instead
    }

    /** The message as it goes on the wire, padded to {@link #MIN_BYTES}. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(MAX_BYTES);
        out.put((byte) op).put((byte) 1).put((byte) 6).put((byte) 0);
        out.putInt(xid).putShort((short) secs).putShort((short) flags);
        for (Inet4Address address : new Inet4Address[] {ciaddr, yiaddr, siaddr, giaddr}) {
            out.put(address == null ? new byte[4] : address.getAddress());
        }
        out.put(chaddr).put(new byte[16 - chaddr.length]);
        out.put(fixed(sname, 64)).put(fixed(file, 128));
        out.putInt(MAGIC_COOKIE);
        for (Map.Entry<Integer, byte[]> option : options.entrySet()) {
            byte[] value = option.getValue();
            int offset = 0;
            do { // values over 255 bytes are split into several options (RFC 3396)
                int length = Math.min(255, value.length - offset);
                if (out.remaining() < length + 3) {
                    throw new IllegalStateException("DHCP options exceed " + MAX_BYTES + " bytes");
                }
                out.put((byte) (int) option.getKey()).put((byte) length).put(value, offset, length);
                offset += length;
            } while (offset < value.length);
        }
        out.put((byte) OPTION_END);
        while (out.position() < MIN_BYTES) {
            out.put((byte) OPTION_PAD);
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    public int op() {
        return op;
    }

    public int xid() {
        return xid;
    }

    public int secs() {
        return secs;
    }

    public int flags() {
        return flags;
    }

    /** Whether the client asked for broadcast answers (it cannot take unicast before it has an address). */
    public boolean broadcast() {
        return (flags & 0x8000) != 0;
    }

    public Inet4Address ciaddr() {
        return ciaddr;
    }

    public Inet4Address yiaddr() {
        return yiaddr;
    }

    public Inet4Address siaddr() {
        return siaddr;
    }

    public Inet4Address giaddr() {
        return giaddr;
    }

    public byte[] chaddr() {
        return chaddr.clone();
    }

    /** The client's MAC address, lower case with colons: {@code 52:54:00:12:34:56}. */
    public String mac() {
        return HexFormat.ofDelimiter(":").formatHex(chaddr);
    }

    public String sname() {
        return sname;
    }

    public String file() {
        return file;
    }

    public Map<Integer, byte[]> options() {
        return options;
    }

    /** An option's value, or null. */
    public byte[] option(int code) {
        byte[] value = options.get(code);
        return value == null ? null : value.clone();
    }

    /** The DHCP message type (option 53), or 0 when missing or malformed. */
    public int type() {
        byte[] value = options.get(DhcpOptions.MESSAGE_TYPE);
        return value == null || value.length != 1 ? 0 : value[0] & 0xff;
    }

    /** An option as text (vendor class, host name), or null. */
    public String text(int code) {
        byte[] value = options.get(code);
        return value == null ? null : text(value);
    }

    /** An option holding one IPv4 address (requested address, server identifier), or null. */
    public Inet4Address address(int code) {
        byte[] value = options.get(code);
        if (value == null || value.length != 4) {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(value);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inet4Address address(ByteBuffer in) {
        byte[] bytes = new byte[4];
        in.get(bytes);
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    private static byte[] fixed(String text, int length) {
        byte[] bytes = new byte[length];
        byte[] value = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(value, 0, bytes, 0, Math.min(value.length, length - 1));
        return bytes;
    }
}
