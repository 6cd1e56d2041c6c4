package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DHCP server against real clients ({@code dhclient}, busybox {@code udhcpc}, and in proxy mode
 * {@code dnsmasq} as the network's DHCP server), each side in a network namespace of its own. Needs
 * root and the Debian packages iproute2, isc-dhcp-client, busybox and dnsmasq-base; skipped, saying
 * what is missing, otherwise.
 */
class DhcpNamespaceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static Namespaces net;
    private static Path work;

    @BeforeAll
    static void namespaces() throws Exception {
        Namespaces.assumeAvailable("ip", "dhclient", "busybox");
        work = Files.createTempDirectory("dhcp-netns-");
        net = new Namespaces();
    }

    @AfterAll
    static void removeAll() throws IOException {
        if (net != null) {
            net.close();
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void fullModeLeasesAnAddressFromTheRangeAndTheSameMacGetsItBackAfterARestart() throws Exception {
        Path data = work.resolve("full-data");
        String first = net.address(100);
        String last = net.address(110);
        String mac = net.clientMac();
        Path pidFile = work.resolve("dhclient.pid");

        String leased;
        Namespaces.Running server = startFull(first, last, data);
        try {
            Path leases = work.resolve("dhclient.leases");
            String out = net.run(net.client, DEADLINE, "dhclient", "-1", "-v", "-sf", "/bin/true", "-lf", leases.toString(), "-pf",
                    pidFile.toString(), net.clientLink);
            Matcher fixed = Pattern.compile("fixed-address ([0-9.]+);").matcher(Files.readString(leases));
            assertTrue(fixed.find(), "dhclient recorded no lease:\n" + out);
            leased = fixed.group(1);
            assertInRange(leased, 100, 110);
            server.await(line -> line.equals("EVENT REPLIED REQUEST->ACK " + mac + " " + leased + " -"), DEADLINE);
            List<Lease> onDisk = new LeaseFile(data.resolve(DhcpSettings.LEASE_FILE)).load();
            assertTrue(onDisk.stream().anyMatch(lease -> lease.mac().equals(mac) && lease.address().getHostAddress().equals(leased)),
                    "the lease is in the lease file: " + onDisk);
        } finally {
            net.killPidFile(pidFile);
            server.stop();
        }

        Namespaces.Running restarted = startFull(first, last, data);
        try {
            Path script = udhcpcScript(work.resolve("udhcpc.address"));
            net.run(net.client, DEADLINE, "busybox", "udhcpc", "-i", net.clientLink, "-n", "-q", "-f", "-s", script.toString());
            assertEquals(leased, Files.readString(work.resolve("udhcpc.address")).strip(),
                    "after a restart the same MAC gets the same address, from the lease file");
            restarted.await(line -> line.equals("EVENT REPLIED DISCOVER->OFFER " + mac + " " + leased + " -"), DEADLINE);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aLeaseAcknowledgedRightBeforeAKill9IsGivenToNoOtherClientAfterTheRestart() throws Exception {
        Path data = work.resolve("kill-data");
        String first = net.address(130);
        String second = net.address(131);
        String mac = net.clientMac();
        Path pidFile = work.resolve("dhclient-kill.pid");
        Path leases = work.resolve("dhclient-kill.leases");

        Namespaces.Running server = startFull(first, second, data);
        String leased;
        try {
            Namespaces.Running dhclient = net.start(net.client, "dhclient", "-1", "-v", "-sf", "/bin/true", "-lf", leases.toString(),
                    "-pf", pidFile.toString(), net.clientLink);
            // the server reports an ACK once it has sent it: killed at that moment, it cannot have done anything after it
            server.await(line -> line.startsWith("EVENT REPLIED REQUEST->ACK " + mac), DEADLINE);
            server.process.destroyForcibly();
            assertTrue(server.process.waitFor(DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            assertEquals(128 + 9, server.process.exitValue(), "killed by SIGKILL:\n" + server.output());
            assertTrue(dhclient.process.waitFor(DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS), dhclient.output());
            Matcher fixed = Pattern.compile("fixed-address ([0-9.]+);").matcher(Files.readString(leases));
            assertTrue(fixed.find(), "dhclient recorded no lease:\n" + dhclient.output());
            leased = fixed.group(1);
        } finally {
            net.killPidFile(pidFile);
            server.stop();
        }

        // another machine asks for that very address from the restarted server
        String otherMac = "52:54:00:99:00:" + String.format("%02x", net.subnet);
        setClientMac(otherMac);
        Namespaces.Running restarted = startFull(first, second, data);
        try {
            Path script = udhcpcScript(work.resolve("udhcpc-kill.address"));
            net.run(net.client, DEADLINE, "busybox", "udhcpc", "-i", net.clientLink, "-n", "-q", "-f", "-r", leased, "-s",
                    script.toString());
            String other = Files.readString(work.resolve("udhcpc-kill.address")).strip();
            assertEquals(leased.equals(first) ? second : first, other, "the address acknowledged before the kill is still " + mac
                    + "'s:\n" + restarted.output());
        } finally {
            restarted.stop();
            setClientMac(mac);
        }
    }

    @Test
    void anAddressInUseOnTheNetworkIsFoundByPingAndNotLeased() throws Exception {
        String taken = net.address(120);
        net.run(net.client, DEADLINE, "ip", "addr", "add", taken + "/24", "dev", net.clientLink);
        Path pidFile = work.resolve("dhclient-conflict.pid");
        Namespaces.Running server = startFull(taken, net.address(121), work.resolve("conflict-data"));
        try {
            server.await(line -> line.startsWith("EVENT RECORDED") && line.contains(" " + taken + " ") && line.contains("answers ping"),
                    DEADLINE);
            Path leases = work.resolve("dhclient-conflict.leases");
            String out = net.run(net.client, DEADLINE, "dhclient", "-1", "-v", "-sf", "/bin/true", "-lf", leases.toString(), "-pf",
                    pidFile.toString(), net.clientLink);
            Matcher fixed = Pattern.compile("fixed-address ([0-9.]+);").matcher(Files.readString(leases));
            assertTrue(fixed.find(), "dhclient recorded no lease:\n" + out);
            assertEquals(net.address(121), fixed.group(1), "the address that answers ping is given to nobody");
        } finally {
            net.killPidFile(pidFile);
            server.stop();
            net.run(net.client, DEADLINE, "ip", "addr", "del", taken + "/24", "dev", net.clientLink);
        }
    }

    @Test
    void proxyModeAnswersPxeClientsWithTheBootFileNextToDnsmasqAndLeavesOtherClientsToIt() throws Exception {
        Namespaces.assumeAvailable("dnsmasq");
        Namespaces.Running dnsmasq = net.start(net.server, "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--interface=" + net.serverLink, "--bind-interfaces", "--dhcp-range=" + net.address(50) + "," + net.address(60) + ",2m",
                "--dhcp-leasefile=" + work.resolve("dnsmasq.leases"), "--pid-file=" + work.resolve("dnsmasq.pid"), "--log-dhcp");
        Namespaces.Running proxy = net.startJava(net.server, DhcpServerMain.class, "proxy", "0.0.0.0", net.serverAddress());
        try {
            dnsmasq.await(line -> line.contains("DHCP, IP range"), DEADLINE);
            proxy.await(line -> line.startsWith("READY"), DEADLINE);

            Path pidFile = work.resolve("proxy-dhclient.pid");
            try {
                String out = net.run(net.client, DEADLINE, "dhclient", "-1", "-v", "-sf", "/bin/true", "-lf",
                        work.resolve("proxy-dhclient.leases").toString(), "-pf", pidFile.toString(), net.clientLink);
                assertTrue(Pattern.compile("DHCPACK of 10\\.99\\." + net.subnet + "\\.(5\\d|60) from " + Pattern.quote(net.serverAddress()))
                        .matcher(out).find(), "dnsmasq leased an address from its range:\n" + out);
            } finally {
                net.killPidFile(pidFile);
            }
            String mac = net.clientMac();
            proxy.await(line -> line.startsWith("EVENT IGNORED DISCOVER " + mac) && line.contains("not a PXE client"), DEADLINE);
            assertTrue(proxy.lines().stream().noneMatch(line -> line.startsWith("EVENT REPLIED")), "the proxy answered a non-PXE "
                    + "client:\n" + proxy.output());

            // a PXE ROM's DISCOVER and its REQUEST to port 4011, from a client with an address and a route, so that the
            // kernel sends its broadcast (a ROM sends from 0.0.0.0 through a raw interface)
            net.run(net.client, DEADLINE, "ip", "addr", "add", net.address(250) + "/24", "dev", net.clientLink);
            net.run(net.client, DEADLINE, "ip", "route", "add", "default", "dev", net.clientLink);
            String pxeMac = "52:54:00:aa:bb:" + String.format("%02x", net.subnet);
            Namespaces.Running client = net.startJava(net.client, PxeClientMain.class, pxeMac, net.serverAddress(), "3");
            client.await(line -> line.equals("DONE"), DEADLINE);
            String out = client.output();
            assertTrue(out.contains("REPLY OFFER from=" + net.serverAddress() + ":67 yiaddr=0.0.0.0 file=undionly.kpxe vendor=PXEClient"),
                    "the proxy offers the boot file and no address:\n" + out);
            assertTrue(Pattern.compile("REPLY OFFER from=" + Pattern.quote(net.serverAddress()) + ":67 yiaddr=10\\.99\\.\\d+\\.(5\\d|60) ")
                    .matcher(out).find(), "dnsmasq offers an address from its range:\n" + out);
            assertTrue(out.contains("REPLY ACK from=" + net.serverAddress() + ":4011 yiaddr=0.0.0.0 file=undionly.kpxe vendor=PXEClient"),
                    "the proxy acknowledges on port 4011, unicast back to the client:\n" + out);
            proxy.await(line -> line.equals("EVENT REPLIED DISCOVER->OFFER " + pxeMac + " - undionly.kpxe"), DEADLINE);
            proxy.await(line -> line.equals("EVENT REPLIED REQUEST->ACK " + pxeMac + " - undionly.kpxe"), DEADLINE);
        } finally {
            proxy.stop();
            dnsmasq.stop();
        }
    }

    private Namespaces.Running startFull(String first, String last, Path data) throws Exception {
        Namespaces.Running server = net.startJava(net.server, DhcpServerMain.class, "full", "0.0.0.0", net.serverAddress(), first,
                last, data.toString());
        server.await(line -> line.startsWith("READY") || line.startsWith("FAILED"), DEADLINE);
        assertTrue(server.lines().stream().anyMatch(line -> line.startsWith("READY")), server.output());
        return server;
    }

    private static void setClientMac(String mac) throws IOException, InterruptedException {
        net.run(net.client, DEADLINE, "sh", "-c", "ip link set dev " + net.clientLink + " down && ip link set dev " + net.clientLink
                + " address " + mac + " && ip link set dev " + net.clientLink + " up");
    }

    private static Path udhcpcScript(Path addressFile) throws IOException {
        Path script = work.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && echo \"$ip\" > " + addressFile + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static void assertInRange(String address, int first, int last) {
        String prefix = "10.99." + net.subnet + ".";
        assertTrue(address.startsWith(prefix), address + " is not in " + prefix + "0/24");
        int host = Integer.parseInt(address.substring(prefix.length()));
        assertTrue(host >= first && host <= last, address + " is outside the range ." + first + "-." + last);
    }
}
