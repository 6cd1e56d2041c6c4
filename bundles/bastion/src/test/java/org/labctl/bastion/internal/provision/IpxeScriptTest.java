package org.labctl.bastion.internal.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.bastion.internal.kickstart.Mode;
import org.labctl.bastion.internal.kickstart.Role;
import org.labctl.bastion.internal.provision.Machine.State;

class IpxeScriptTest {

    private static final URI BASTION = URI.create("http://10.0.0.1:8080");
    private static final String MAC = "52:54:00:12:34:56";
    private static final IpxeScript.Installer INSTALLER = new IpxeScript.Installer("vmlinuz", "initrd.img",
            URI.create("http://mirror.example/rocky/9/BaseOS/x86_64/os"), List.of("console=ttyS0,115200"));
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    private static Machine machine(State state, Mode mode) {
        return new Machine(MAC, state, "worker-1", Role.WORKER, mode, "bios", T, T, null);
    }

    @Test
    void anUnknownMachineIsToldWhatToRunAndAsksAgain() {
        assertEquals("""
                #!ipxe
                echo labctl bastion: 52:54:00:12:34:56 is not assigned yet: labctl provision install 52:54:00:12:34:56 HOSTNAME --role worker|infra
                echo labctl bastion: asking again in 30 s
                sleep 30
                chain --replace --autofree http://10.0.0.1:8080/boot/52:54:00:12:34:56.ipxe
                """, IpxeScript.render(BASTION, "52:54:00:12:34:56".toUpperCase(), null, INSTALLER));
    }

    @Test
    void aPendingMachineBootsTheInstallerWithItsKickstartAndNoCopyOfItIsKept() {
        assertEquals("""
                #!ipxe
                echo labctl bastion: reprovisioning worker-1 as worker
                kernel http://10.0.0.1:8080/boot/vmlinuz initrd=initrd.img inst.ks=http://10.0.0.1:8080/ks/52:54:00:12:34:56.cfg \
                inst.repo=http://mirror.example/rocky/9/BaseOS/x86_64/os inst.nosave=all_ks ip=dhcp console=ttyS0,115200
                initrd http://10.0.0.1:8080/boot/initrd.img
                boot
                """, IpxeScript.render(BASTION, MAC, machine(State.PENDING_REPROVISION, Mode.REPROVISION), INSTALLER));
        assertTrue(IpxeScript.render(BASTION, MAC, machine(State.PENDING_INSTALL, Mode.INSTALL), INSTALLER)
                .contains("echo labctl bastion: installing worker-1 as worker\n"));
    }

    @Test
    void anInstalledInstallingOrFailedMachineBootsFromItsDisk() {
        for (State state : List.of(State.INSTALLING, State.INSTALLED, State.FAILED)) {
            String script = IpxeScript.render(BASTION, MAC, machine(state, Mode.INSTALL), INSTALLER);
            assertEquals("#!ipxe\necho labctl bastion: worker-1 is " + state.label() + ": booting from its disk\nexit\n", script);
        }
    }

    @Test
    void nothingConfiguredCanExpandOrSplitInIpxe() {
        URI repo = URI.create("http://mirror.example/os");
        for (String bad : List.of("a b", "${net0/ip}", "x\"y", "quiet\nshell", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new IpxeScript.Installer("vmlinuz", "initrd.img", repo, List.of(bad)));
            assertTrue(refused.getMessage().startsWith("kernel argument"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new IpxeScript.Installer("../vmlinuz", "initrd.img", repo, null));
        assertThrows(IllegalArgumentException.class, () -> new IpxeScript.Installer("vmlinuz", "images/initrd.img", repo, null));
        assertThrows(IllegalArgumentException.class, () -> new IpxeScript.Installer("vmlinuz", "initrd.img",
                URI.create("ftp://mirror.example/os"), null));
        assertThrows(IllegalArgumentException.class, () -> IpxeScript.render(BASTION, "52:54:00:12:34", null, INSTALLER));
    }
}
