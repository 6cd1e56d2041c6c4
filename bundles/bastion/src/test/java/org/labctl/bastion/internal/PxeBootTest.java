package org.labctl.bastion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.dhcp.Namespaces;

/**
 * A virtual machine network-boots from the bastion: qemu (TCG) with the iPXE ROM of Debian's
 * {@code ipxe-qemu} on a tap device, bridged in a network namespace to the bastion in another. Its
 * firmware gets an address from the bastion's DHCP server in full mode (or from dnsmasq, with the
 * bastion as proxyDHCP beside it), is recognised as iPXE and
 * sent to its HTTP boot script, which loads Debian's kernel and an initrd (src/test/boot/prepare.sh)
 * whose init fetches the kickstart and calls the bastion back, as the installer would (the real
 * installer needs an installation tree from the internet, which this machine cannot reach). The
 * test reads the chain from the bastion's event log and the machine's state.
 *
 * <p>Needs root, qemu-system-x86_64, ipxe-qemu, cpio and Debian's package index (.ci/run installs them).
 */
class PxeBootTest {

    /** The iPXE ROM qemu loads for virtio-net (through /usr/share/qemu). */
    private static final Path ROM = Path.of("/usr/lib/ipxe/qemu/efi-virtio.rom");

    @TempDir
    Path dir;

    @Test
    void aVmBootsThroughDhcpIpxeAndHttpAndReportsItsInstallation() throws Exception {
        List<String> events = boot("full", "52:54:00:be:ef:01");
        String story = String.join("\n", events);
        for (String step : List.of("dhcp REPLIED DISCOVER->OFFER", "dhcp REPLIED REQUEST->ACK")) {
            assertTrue(events.stream().anyMatch(line -> line.contains("52:54:00:be:ef:01 " + step)), "no \"" + step + "\" in:\n" + story);
        }
        // told that no ProxyDHCP server will answer (option 175/176), iPXE requests the offered address at once
        // instead of waiting about 3 s for ProxyDHCP offers
        Duration offerToRequest = Duration.between(firstTime(events, "52:54:00:be:ef:01 dhcp REPLIED DISCOVER->OFFER"),
                firstTime(events, "52:54:00:be:ef:01 dhcp REPLIED REQUEST->ACK"));
        assertTrue(offerToRequest.compareTo(Duration.ofMillis(1500)) < 0, "iPXE waited " + offerToRequest + " after its first offer:\n"
                + story);
    }

    @Test
    void inProxyModeTheVmGetsItsAddressFromDnsmasqAndItsBootFromTheBastion() throws Exception {
        String mac = "52:54:00:be:ef:02";
        List<String> events = boot("proxy", mac);
        String story = String.join("\n", events);
        // the proxy's offer carries the script's URL and no address; iPXE takes its address from dnsmasq's offer
        // and the URL from the proxy's (it needs no request on port 4011 for that), and requests its lease from dnsmasq
        assertTrue(events.stream().anyMatch(line -> line.contains(mac + " dhcp REPLIED DISCOVER->OFFER " + mac + " - http://")),
                "the proxy's offer, boot information only:\n" + story);
        assertTrue(events.stream().anyMatch(line -> line.contains(mac + " dhcp IGNORED REQUEST " + mac)
                && line.contains("is for the DHCP server")), "the lease is dnsmasq's business:\n" + story);
        assertTrue(events.stream().noneMatch(line -> line.contains("REPLIED REQUEST->ACK")), "the proxy gave no lease:\n" + story);
        assertTrue(events.stream().anyMatch(line -> line.contains("dhcp IGNORED DISCOVER " + mac) && line.contains("not a PXE client")),
                "the installer's own DHCP (udhcpc) is left to dnsmasq:\n" + story);
    }

    /** When the first event log line holding this text was written. */
    private static Instant firstTime(List<String> events, String text) {
        return events.stream().filter(line -> line.contains(text)).findFirst()
                .map(line -> Instant.parse(line.substring(0, line.indexOf(' '))))
                .orElseThrow(() -> new AssertionError("no \"" + text + "\" in:\n" + String.join("\n", events)));
    }

    /** Boots a VM with this MAC from a bastion in this DHCP mode; returns the bastion's event log once it reported back. */
    private List<String> boot(String mode, String mac) throws Exception {
        Namespaces.assumeAvailable("ip", "qemu-system-x86_64", "cpio", "apt-get", "dpkg-deb", "dnsmasq");
        assumeTrue(Files.exists(ROM), "needs Debian's ipxe-qemu (" + ROM + ")");
        Path boot = Files.createDirectories(dir.resolve("boot"));
        Process prepare = new ProcessBuilder("sh", Path.of("src/test/boot/prepare.sh").toAbsolutePath().toString(), boot.toString())
                .redirectErrorStream(true).start();
        String prepared = new String(prepare.getInputStream().readAllBytes());
        assertTrue(prepare.waitFor(300, TimeUnit.SECONDS) && prepare.exitValue() == 0, "prepare.sh: " + prepared);

        try (Namespaces net = new Namespaces()) {
            String bastion = net.serverAddress();
            Path config = dir.resolve("bastion.cfg");
            Files.writeString(config, String.join("\n",
                    "environment = lab",
                    "labd.url = https://labd.example.net:8443",
                    "http.bind = " + bastion,
                    "http.port = 8080",
                    "boot.dir = " + boot,
                    "installer.repo = http://mirror.example/rocky/9/",
                    "installer.args = console=ttyS0 panic=-1",
                    "dhcp = " + mode,
                    "dhcp.address = " + bastion,
                    mode.equals("full") ? "dhcp.range = " + net.address(100) + "-" + net.address(120) : "",
                    mode.equals("full") ? "dhcp.router = " + bastion : "",
                    "tftp.port = 69",
                    ""));
            if (mode.equals("proxy")) {
                Namespaces.Running dnsmasq = net.start(net.server, "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                        "--interface=" + net.serverLink, "--bind-interfaces", "--dhcp-range=" + net.address(50) + "," + net.address(60)
                        + ",2m", "--dhcp-leasefile=" + dir.resolve("dnsmasq.leases"), "--pid-file=" + dir.resolve("dnsmasq.pid"));
                dnsmasq.await(line -> line.contains("DHCP, IP range"), Duration.ofSeconds(30));
            }
            Namespaces.Running server = net.startJava(net.server, BastionMain.class, config.toString(), "install", mac, "boot-1",
                    "worker");
            server.await(line -> line.startsWith("READY"), Duration.ofSeconds(30));

            // the machine's side: a bridge holding the veth end and qemu's tap device
            net.run(net.client, Duration.ofSeconds(10), "sh", "-c", "ip link add br0 type bridge && ip link set " + net.clientLink
                    + " master br0 && ip tuntap add tap0 mode tap && ip link set tap0 master br0 && ip link set tap0 up"
                    + " && ip link set br0 up");
            Namespaces.Running vm = net.start(net.client, "qemu-system-x86_64", "-accel", "tcg", "-m", "512", "-nographic",
                    "-no-reboot", "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                    "-device", "virtio-net-pci,netdev=n0,mac=" + mac + ",bootindex=1");
            try {
                vm.await(line -> line.contains("LABCTL-BOOT callback"), Duration.ofSeconds(240));
            } finally {
                vm.stop();
            }
            assertTrue(vm.output().contains("LABCTL-BOOT callback installed"), vm.output());

            List<String> events = Files.readAllLines(dir.resolve("state").resolve(EventLog.FILE));
            String story = String.join("\n", events);
            for (String step : List.of(
                    mac + " http boot script: install (pending-install)",
                    mac + " http vmlinuz GET",
                    mac + " http initrd.img GET",
                    mac + " http kickstart served: install of boot-1 as worker",
                    mac + " http installed as boot-1")) {
                assertTrue(events.stream().anyMatch(line -> line.contains(step)), "no \"" + step + "\" in:\n" + story);
            }
            assertTrue(story.contains("http://" + bastion + ":8080/boot/" + mac + ".ipxe"), "iPXE was sent to its script:\n" + story);
            String machines = Files.readString(dir.resolve("state").resolve("machines.txt"));
            assertTrue(machines.lines().anyMatch(line -> line.startsWith(mac) && line.contains("installed")
                    && line.contains("bios")), machines);
            assertTrue(story.contains("boot file undionly.kpxe copied from /usr/lib/ipxe"), "iPXE's binaries from Debian's package:\n"
                    + story);
            assertEquals(true, server.process.isAlive(), "the bastion still runs:\n" + server.output());
            return events;
        }
    }
}
