package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labctl.bastion.internal.BastionMain;

/**
 * A stolen kickstart (issue 15, item 20): a whole bastion ({@link BastionMain}) in one network
 * namespace, the machine's side in another with real DHCP clients. The machine gets its address from
 * the bastion's DHCP (full mode) or from dnsmasq with the bastion as proxyDHCP; then a host at
 * another address of the same network asks for the machine's kickstart by its MAC and is refused,
 * while the machine's own address gets it, with the join token bound to that address. Needs root,
 * iproute2, isc-dhcp-client, curl and (proxy mode) dnsmasq; skipped, saying what is missing, otherwise.
 */
class KickstartAddressNamespaceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private Namespaces net;
    private Path work;

    @BeforeEach
    void namespaces() throws Exception {
        Namespaces.assumeAvailable("ip", "dhclient", "curl");
        work = Files.createTempDirectory("ks-netns-");
        net = new Namespaces();
    }

    @AfterEach
    void removeAll() throws IOException {
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
    void fullModeServesTheKickstartOnlyToTheLeasedAddress() throws Exception {
        String mac = net.clientMac();
        Namespaces.Running bastion = bastion("full", mac);
        try {
            String leased = dhclient("full");
            net.run(net.client, DEADLINE, "ip", "addr", "add", leased + "/24", "dev", net.clientLink);
            theftRefusedAndTheMachineServed(bastion, mac, leased);
        } finally {
            bastion.stop();
        }
    }

    @Test
    void proxyModeServesTheKickstartOnlyToTheAddressThePxeClientBootedWith() throws Exception {
        Namespaces.assumeAvailable("dnsmasq");
        Namespaces.Running dnsmasq = net.start(net.server, "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--interface=" + net.serverLink, "--bind-interfaces", "--dhcp-range=" + net.address(50) + "," + net.address(60) + ",2m",
                "--dhcp-leasefile=" + work.resolve("dnsmasq.leases"), "--pid-file=" + work.resolve("dnsmasq.pid"));
        String mac = net.clientMac();
        Namespaces.Running bastion = null;
        try {
            dnsmasq.await(line -> line.contains("DHCP, IP range"), DEADLINE);
            bastion = bastion("proxy", mac);
            String leased = dhclient("proxy");
            net.run(net.client, DEADLINE, "ip", "addr", "add", leased + "/24", "dev", net.clientLink);
            net.run(net.client, DEADLINE, "ip", "route", "add", "default", "dev", net.clientLink);
            // dhclient is no PXE client: the proxy learnt nothing from it, so the kickstart goes to nobody yet
            assertTrue(curl(leased, mac).endsWith("\n403"), "no PXE boot seen, no kickstart");
            // the machine's PXE ROM: DISCOVER, then its REQUEST to port 4011 from its address
            Namespaces.Running pxe = net.startJava(net.client, PxeClientMain.class, mac, net.serverAddress(), "2");
            pxe.await(line -> line.equals("DONE"), DEADLINE);
            theftRefusedAndTheMachineServed(bastion, mac, leased);
        } finally {
            if (bastion != null) {
                bastion.stop();
            }
            dnsmasq.stop();
        }
    }

    private void theftRefusedAndTheMachineServed(Namespaces.Running bastion, String mac, String machine) throws Exception {
        String thief = net.address(200);
        net.run(net.client, DEADLINE, "ip", "addr", "add", thief + "/24", "dev", net.clientLink);
        String stolen = curl(thief, mac);
        assertTrue(stolen.endsWith("\n403"), "another address of the network is refused: " + stolen);
        assertFalse(stolen.contains(BastionMain.FAKE_TOKEN), stolen);
        assertTrue(bastion.lines().stream().noneMatch(line -> line.startsWith("TOKEN")), "no token was minted:\n" + bastion.output());

        String served = curl(machine, mac);
        assertTrue(served.endsWith("\n200") && served.contains(BastionMain.FAKE_TOKEN), served);
        bastion.await(line -> line.equals("TOKEN " + mac + " " + machine), DEADLINE);
        String log = Files.readString(work.resolve("state").resolve("events.log"));
        assertTrue(log.contains(mac + " http kickstart refused to " + thief + ": the machine booted from " + machine), log);
    }

    private Namespaces.Running bastion(String mode, String mac) throws Exception {
        Path config = work.resolve("bastion.cfg");
        Files.writeString(config, String.join("\n",
                "environment = lab",
                "labd.url = https://labd.example.net:8443",
                "http.bind = " + net.serverAddress(),
                "http.port = 8080",
                "boot.dir = " + Files.createDirectories(work.resolve("boot")),
                "ipxe.dir = " + work.resolve("no-ipxe"),
                "tftp.port = 0",
                "dhcp = " + mode,
                "dhcp.address = " + net.serverAddress(),
                mode.equals("full") ? "dhcp.range = " + net.address(100) + "-" + net.address(110) : "",
                ""));
        Namespaces.Running bastion = net.startJava(net.server, BastionMain.class, config.toString(), "install", mac, "kick-1", "worker");
        bastion.await(line -> line.startsWith("READY"), DEADLINE);
        return bastion;
    }

    private String dhclient(String name) throws Exception {
        Path leases = work.resolve(name + "-dhclient.leases");
        Path pidFile = work.resolve(name + "-dhclient.pid");
        try {
            String out = net.run(net.client, DEADLINE, "dhclient", "-1", "-v", "-sf", "/bin/true", "-lf", leases.toString(), "-pf",
                    pidFile.toString(), net.clientLink);
            Matcher fixed = Pattern.compile("fixed-address ([0-9.]+);").matcher(Files.readString(leases));
            assertTrue(fixed.find(), "dhclient recorded no lease:\n" + out);
            return fixed.group(1);
        } finally {
            net.killPidFile(pidFile);
        }
    }

    /** The kickstart as curl gets it from {@code from}: its body, a newline and the status. */
    private String curl(String from, String mac) throws Exception {
        String out = net.run(net.client, DEADLINE, "curl", "-sS", "--interface", from, "-w", "\n%{http_code}",
                "http://" + net.serverAddress() + ":8080/ks/" + mac + ".cfg");
        return out.strip();
    }
}
