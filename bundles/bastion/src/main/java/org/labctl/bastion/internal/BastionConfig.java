package org.labctl.bastion.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.labctl.bastion.internal.dhcp.DhcpReplies;
import org.labctl.bastion.internal.dhcp.DhcpSettings;
import org.labctl.bastion.internal.dhcp.PxeBoot;
import org.labctl.bastion.internal.http.BastionHttp;
import org.labctl.bastion.internal.kickstart.Inputs;
import org.labctl.bastion.internal.provision.IpxeScript;

/**
 * A bastion's settings, read from the same keys wherever it runs: labd's
 * {@code etc/org.labctl.bastion.cfg} (ConfigAdmin) or the standalone runtime's command line. Every
 * value is checked here, and a wrong one is refused with a message naming its key, so that a
 * bastion never starts half-configured.
 *
 * <pre>
 * environment       the environment it owns, under cloud baremetal (required)
 * data              its state: machines, leases, events log (labd: DATA/bastion/ENV)
 * http.bind         address of its HTTP endpoint (127.0.0.1)
 * http.port         its port (8080)
 * url               the endpoint as machines reach it (http://dhcp.address:http.port, else http://http.bind:http.port)
 * boot.dir          kernels, initrds and iPXE binaries (DATA/boot)
 * ipxe.dir          where iPXE binaries missing from boot.dir are copied from (Debian's ipxe package: /usr/lib/ipxe)
 * agent.artifact    the lab-agent tar.gz served to installers (none: installers cannot fetch it)
 * labd.url          labd's https URL that installed agents enroll with (required in labd; a standalone
 *                   bastion without it serves no kickstart)
 * installer.kernel, installer.initrd   file names in boot.dir (vmlinuz, initrd.img)
 * installer.repo    the installation source (the Rocky Linux 9 BaseOS mirror)
 * installer.args    more kernel arguments, separated by spaces
 * disk, timezone, ssh.keys (separated by newlines or ';')
 * dhcp              off, proxy or full (off)
 * dhcp.address      the bastion's IPv4 address on the provisioning network (required unless off)
 * dhcp.bind         the address its DHCP sockets bind (0.0.0.0: DHCP clients broadcast)
 * dhcp.range        full: FIRST-LAST; dhcp.mask (255.255.255.0), dhcp.router, dhcp.dns, dhcp.lease.seconds (3600)
 * dhcp.port, dhcp.proxy.port, dhcp.client.port   67, 4011, 68 (others only for tests)
 * tftp.port         69 when DHCP is on, else 0 (off); tftp.bind (dhcp.bind, else http.bind)
 * enroll.from       machine (the default): labd must see an installed machine's enrollment come from the
 *                   address its kickstart was served to; or the address or CIDR block labd sees the
 *                   provisioning network's machines come from when a NAT lies between (such as 192.0.2.7)
 * </pre>
 */
public record BastionConfig(String environment, Path data, BastionHttp.Settings http, DhcpSettings dhcp, InetSocketAddress tftp,
        Path bootDir, Path ipxeDir, String enrollFrom) {

    /** The {@code enroll.from} that binds each join token to the machine's own address. */
    public static final String ENROLL_FROM_MACHINE = "machine";
    private static final Pattern CIDR = Pattern.compile("(?<address>\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(/(?<bits>\\d{1,3}))?");

    public static final String CLOUD = "baremetal";
    public static final String DEFAULT_REPO = "https://dl.rockylinux.org/pub/rocky/9/BaseOS/x86_64/os/";
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final List<String> KEYS = List.of("environment", "data", "http.bind", "http.port", "url", "boot.dir",
            "agent.artifact", "ipxe.dir", "labd.url", "installer.kernel", "installer.initrd", "installer.repo", "installer.args", "disk",
            "timezone", "ssh.keys", "dhcp", "dhcp.address", "dhcp.bind", "dhcp.range", "dhcp.mask", "dhcp.router", "dhcp.dns",
            "dhcp.lease.seconds", "dhcp.port", "dhcp.proxy.port", "dhcp.client.port", "tftp.port", "tftp.bind", "enroll.from");

    /** Every key the bastion reads, for help texts and for refusing unknown ones. */
    public static List<String> keys() {
        return KEYS;
    }

    /**
     * Reads the settings.
     *
     * @param values      the keys above; others are ignored (ConfigAdmin adds its own)
     * @param defaultData where the state goes when {@code data} is not set, given the environment
     * @throws IllegalArgumentException naming the key and what it accepts
     */
    public static BastionConfig read(Map<String, ?> values, java.util.function.Function<String, Path> defaultData) {
        Reader in = new Reader(values);
        String environment = in.required("environment");
        if (!ENVIRONMENT.matcher(environment).matches()) {
            throw new IllegalArgumentException("environment must be a lower-case name of letters, digits and '-' (at most 63), "
                    + "such as lab, not \"" + environment + "\"");
        }
        Path data = in.path("data", defaultData.apply(environment));
        Path boot = in.path("boot.dir", data.resolve("boot"));
        String dhcpMode = in.text("dhcp", "off").toLowerCase(Locale.ROOT);
        if (!List.of("off", "proxy", "full").contains(dhcpMode)) {
            throw new IllegalArgumentException("dhcp must be off, proxy or full, not \"" + dhcpMode + "\"");
        }
        Inet4Address address = dhcpMode.equals("off") ? in.optionalIpv4("dhcp.address") : in.ipv4("dhcp.address", null);
        InetAddress httpBind = in.address("http.bind", "127.0.0.1");
        int httpPort = in.port("http.port", 8080, false);
        String host = address != null ? address.getHostAddress() : httpBind.isAnyLocalAddress() ? null : httpBind.getHostAddress();
        if (host == null && in.text("url", null) == null) {
            throw new IllegalArgumentException("url is required when http.bind is " + httpBind.getHostAddress()
                    + ": set it to the address machines reach the bastion at, such as http://10.0.0.1:" + httpPort);
        }
        URI url = Inputs.url("url", in.text("url", "http://" + host + ":" + httpPort), false);
        String labd = in.text("labd.url", null);
        IpxeScript.Installer installer = new IpxeScript.Installer(in.text("installer.kernel", "vmlinuz"),
                in.text("installer.initrd", "initrd.img"), Inputs.url("installer.repo", in.text("installer.repo", DEFAULT_REPO), false),
                in.words("installer.args", " "));
        String artifact = in.text("agent.artifact", null);
        BastionHttp.Settings http = new BastionHttp.Settings(new InetSocketAddress(httpBind, httpPort), url, boot,
                artifact == null ? null : Path.of(artifact), labd == null ? null : Inputs.url("labd.url", labd, true), installer, in.text("disk", null),
                in.text("timezone", null), in.words("ssh.keys", "[;\n]"));

        DhcpSettings dhcp = null;
        InetAddress dhcpBind = in.address("dhcp.bind", "0.0.0.0");
        if (!dhcpMode.equals("off")) {
            PxeBoot boot0 = new PxeBoot(address, url.getPort() < 0 ? 80 : url.getPort());
            InetSocketAddress bind = new InetSocketAddress(dhcpBind, in.port("dhcp.port", DhcpSettings.SERVER_PORT, false));
            if (dhcpMode.equals("full")) {
                String range = in.required("dhcp.range");
                String[] ends = range.split("-", 2);
                if (ends.length != 2) {
                    throw new IllegalArgumentException("dhcp.range must be FIRST-LAST, such as 10.0.0.100-10.0.0.199, not \"" + range + "\"");
                }
                Inet4Address router = in.optionalIpv4("dhcp.router");
                List<Inet4Address> dns = new ArrayList<>();
                for (String server : in.words("dhcp.dns", "[, ]")) {
                    dns.add(Reader.ipv4Of("dhcp.dns", server));
                }
                DhcpReplies.Network network = new DhcpReplies.Network(in.ipv4("dhcp.mask", "255.255.255.0"), router, dns,
                        in.number("dhcp.lease.seconds", 3600, 60, 7 * 86400));
                dhcp = DhcpSettings.full(bind, boot0, Reader.ipv4Of("dhcp.range", ends[0].trim()), Reader.ipv4Of("dhcp.range",
                        ends[1].trim()), network, data);
            } else {
                dhcp = DhcpSettings.proxy(bind, boot0);
            }
            dhcp = dhcp.withPorts(in.port("dhcp.proxy.port", DhcpSettings.PXE_PORT, true),
                    in.port("dhcp.client.port", DhcpSettings.CLIENT_PORT, false));
        }
        int tftpPort = in.port("tftp.port", dhcp == null ? 0 : 69, true);
        InetSocketAddress tftp = tftpPort == 0 ? null
                : new InetSocketAddress(in.address("tftp.bind", dhcp == null ? httpBind.getHostAddress() : dhcpBind.getHostAddress()),
                        tftpPort);
        return new BastionConfig(environment, data, http, dhcp, tftp, boot, in.path("ipxe.dir", Path.of("/usr/lib/ipxe")),
                enrollFrom(in.text("enroll.from", ENROLL_FROM_MACHINE)));
    }

    /** {@code machine}, or an IP address or CIDR block in its canonical form. */
    static String enrollFrom(String value) {
        if (value.equals(ENROLL_FROM_MACHINE)) {
            return value;
        }
        java.util.regex.Matcher cidr = CIDR.matcher(value);
        if (cidr.matches()) {
            try {
                InetAddress address = InetAddress.getByName(cidr.group("address"));
                int max = address instanceof Inet4Address ? 32 : 128;
                int bits = cidr.group("bits") == null ? max : Integer.parseInt(cidr.group("bits"));
                if (bits >= 1 && bits <= max) {
                    return address.getHostAddress() + (bits == max ? "" : "/" + bits);
                }
            } catch (UnknownHostException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("enroll.from must be machine, or the IP address (or CIDR block, such as 192.0.2.0/24) "
                + "labd sees installed machines enroll from, not \"" + value + "\"");
    }

    /** What a kickstart's join token is bound to when the kickstart is served to {@code machine}. */
    public String enrollmentAddress(InetAddress machine) {
        return enrollFrom.equals(ENROLL_FROM_MACHINE) ? machine.getHostAddress() : enrollFrom;
    }

    /** One line for the log: where it listens. */
    public String describe() {
        return "bastion for " + CLOUD + "/" + environment + ": HTTP " + http.bind() + " (" + http.url() + "), DHCP "
                + (dhcp == null ? "off" : dhcp.mode().name().toLowerCase(Locale.ROOT) + " " + dhcp.bind())
                + ", TFTP " + (tftp == null ? "off" : tftp.toString()) + ", data " + data
                + (enrollFrom.equals(ENROLL_FROM_MACHINE) ? "" : ", enrollments from " + enrollFrom);
    }

    /** Reads typed values, each refused with its key. */
    private static final class Reader {
        private final Map<String, String> values = new TreeMap<>();

        Reader(Map<String, ?> raw) {
            raw.forEach((key, value) -> {
                if (value != null && !value.toString().isBlank()) {
                    values.put(key, value.toString().trim());
                }
            });
        }

        String text(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        String required(String key) {
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException(key + " is required");
            }
            return value;
        }

        List<String> words(String key, String separator) {
            String value = values.get(key);
            return value == null ? List.of() : Arrays.stream(value.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        Path path(String key, Path fallback) {
            String value = values.get(key);
            if (value == null) {
                return fallback;
            }
            Path path = Path.of(value);
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException(key + " must be an absolute path, not \"" + value + "\"");
            }
            return path.normalize();
        }

        int number(String key, int fallback, int min, int max) {
            String value = values.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException(key + " must be a number from " + min + " to " + max + ", not \"" + value + "\"");
        }

        int port(String key, int fallback, boolean zeroAllowed) {
            return number(key, fallback, zeroAllowed ? 0 : 1, 65535);
        }

        InetAddress address(String key, String fallback) {
            String value = values.getOrDefault(key, fallback);
            if (!value.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException(key + " must be an IP address, such as 127.0.0.1, not \"" + value + "\"");
            }
            try {
                return InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(key + " must be an IP address, such as 127.0.0.1, not \"" + value + "\"");
            }
        }

        Inet4Address ipv4(String key, String fallback) {
            String value = values.getOrDefault(key, fallback);
            if (value == null) {
                throw new IllegalArgumentException(key + " is required: the bastion's IPv4 address on the provisioning network");
            }
            return ipv4Of(key, value);
        }

        Inet4Address optionalIpv4(String key) {
            String value = values.get(key);
            return value == null ? null : ipv4Of(key, value);
        }

        static Inet4Address ipv4Of(String key, String value) {
            if (value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                try {
                    if (InetAddress.getByName(value) instanceof Inet4Address ipv4) {
                        return ipv4;
                    }
                } catch (UnknownHostException e) {
                    // refused below
                }
            }
            throw new IllegalArgumentException(key + " must be an IPv4 address, such as 10.0.0.1, not \"" + value + "\"");
        }
    }
}
