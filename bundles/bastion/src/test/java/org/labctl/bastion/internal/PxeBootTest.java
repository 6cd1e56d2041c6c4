package org.labctl.bastion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.dhcp.Namespaces;

/**
 * A virtual machine network-boots from the bastion: qemu (TCG) with the iPXE ROM of Debian's
 * {@code ipxe-qemu} on a tap device, bridged in a network namespace to the bastion in another. Its
 * firmware gets an address from the bastion's DHCP server in full mode, is recognised as iPXE and
 * sent to its HTTP boot script, which loads Debian's kernel and an initrd (src/test/boot/prepare.sh)
 * whose init fetches the kickstart and calls the bastion back, as the installer would (the real
 * installer needs an installation tree from the internet, which this machine cannot reach). The
 * test reads the chain from the bastion's event log and the machine's state.
 *
 * <p>Needs root, qemu-system-x86_64, ipxe-qemu, cpio and Debian's package index (.ci/run installs them).
 */
class PxeBootTest {

    private static final String MAC = "52:54:00:be:ef:01";
    /** The iPXE ROM qemu loads for virtio-net (through /usr/share/qemu). */
    private static final Path ROM = Path.of("/usr/lib/ipxe/qemu/efi-virtio.rom");

    @TempDir
    Path dir;

    @Test
    void aVmBootsThroughDhcpIpxeAndHttpAndReportsItsInstallation() throws Exception {
        Namespaces.assumeAvailable("ip", "qemu-system-x86_64", "cpio", "apt-get", "dpkg-deb");
        assumeTrue(Files.exists(ROM), "needs Debian's ipxe-qemu (" + ROM + ")");
        Path boot = Files.createDirectories(dir.resolve("boot"));
        Process prepare = new ProcessBuilder("sh", Path.of("src/test/boot/prepare.sh").toAbsolutePath().toString(), boot.toString())
                .redirectErrorStream(true).start();
        String prepared = new String(prepare.getInputStream().readAllBytes());
        assertTrue(prepare.waitFor(300, TimeUnit.SECONDS) && prepare.exitValue() == 0, "prepare.sh: " + prepared);
        Files.copy(Path.of("/usr/lib/ipxe/undionly.kpxe"), boot.resolve("undionly.kpxe"));

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
                    "dhcp = full",
                    "dhcp.address = " + bastion,
                    "dhcp.range = " + net.address(100) + "-" + net.address(120),
                    "dhcp.router = " + bastion,
                    "tftp.port = 69",
                    ""));
            Namespaces.Running server = net.startJava(net.server, BastionMain.class, config.toString(), "install", MAC, "boot-1",
                    "worker");
            server.await(line -> line.startsWith("READY"), Duration.ofSeconds(30));

            // the machine's side: a bridge holding the veth end and qemu's tap device
            net.run(net.client, Duration.ofSeconds(10), "sh", "-c", "ip link add br0 type bridge && ip link set " + net.clientLink
                    + " master br0 && ip tuntap add tap0 mode tap && ip link set tap0 master br0 && ip link set tap0 up"
                    + " && ip link set br0 up");
            Namespaces.Running vm = net.start(net.client, "qemu-system-x86_64", "-accel", "tcg", "-m", "512", "-nographic",
                    "-no-reboot", "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                    "-device", "virtio-net-pci,netdev=n0,mac=" + MAC + ",bootindex=1");
            try {
                vm.await(line -> line.contains("LABCTL-BOOT callback"), Duration.ofSeconds(240));
            } finally {
                vm.stop();
            }
            assertTrue(vm.output().contains("LABCTL-BOOT callback installed"), vm.output());

            List<String> events = Files.readAllLines(dir.resolve("state").resolve(EventLog.FILE));
            String story = String.join("\n", events);
            for (String step : List.of(
                    MAC + " dhcp REPLIED DISCOVER->OFFER",
                    MAC + " dhcp REPLIED REQUEST->ACK",
                    MAC + " http boot script: install (pending-install)",
                    MAC + " http vmlinuz GET",
                    MAC + " http initrd.img GET",
                    MAC + " http kickstart served: install of boot-1 as worker",
                    MAC + " http installed as boot-1")) {
                assertTrue(events.stream().anyMatch(line -> line.contains(step)), "no \"" + step + "\" in:\n" + story);
            }
            assertTrue(story.contains("http://" + bastion + ":8080/boot/" + MAC + ".ipxe"), "iPXE was sent to its script:\n" + story);
            String machines = Files.readString(dir.resolve("state").resolve("machines.txt"));
            assertTrue(machines.lines().anyMatch(line -> line.startsWith(MAC) && line.contains("installed")
                    && line.contains("bios")), machines);
            assertEquals(true, server.process.isAlive(), "the bastion still runs:\n" + server.output());
        }
    }
}
