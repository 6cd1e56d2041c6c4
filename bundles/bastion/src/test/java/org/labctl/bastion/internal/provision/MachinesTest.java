package org.labctl.bastion.internal.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.kickstart.Mode;
import org.labctl.bastion.internal.kickstart.Role;
import org.labctl.bastion.internal.provision.Machine.NextBoot;
import org.labctl.bastion.internal.provision.Machine.State;
import org.labctl.bastion.internal.provision.Machines.ProvisionException;

class MachinesTest {

    private static final String MAC = "52:54:00:12:34:56";
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    private static final class Ticking extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static void assertRefused(String expected, org.junit.jupiter.api.function.Executable change) {
        ProvisionException refused = assertThrows(ProvisionException.class, change);
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void aReprovisionKeepsTheRoleItsVolumesWereMadeForAndSaysHowToChangeIt() throws Exception {
        Machines machines = Machines.open(dir, Clock.systemUTC());
        machines.install(MAC, "web-1", Role.WORKER);
        machines.kickstartServed(MAC);
        machines.installed(MAC);
        // a worker has labvg/longhorn, not the labvg/rancher an infra's reprovision keeps: its %pre would stop
        assertRefused("provision install " + MAC + " web-1 --role infra", () -> machines.reprovision(MAC, "web-1", Role.INFRA));
        assertRefused("forget " + MAC, () -> machines.reprovision(MAC, "web-1", Role.INFRA));
        assertEquals(State.INSTALLED, machines.get(MAC).orElseThrow().state(), "nothing changed");
        assertEquals(State.PENDING_REPROVISION, machines.reprovision(MAC, "web-1", Role.WORKER).state());
    }

    @Test
    void aMachineGoesFromDiscoveredToInstalledAndEachStepSaysWhatItsNextBootDoes() throws Exception {
        Ticking clock = new Ticking();
        Machines machines = Machines.open(dir, clock);
        Machine discovered = machines.seen("52:54:00:12:34:56".toUpperCase(), "bios");
        assertEquals(State.DISCOVERED, discovered.state());
        assertEquals(MAC, discovered.mac());
        assertEquals(NextBoot.WAIT, discovered.nextBoot());

        clock.now = T0.plus(Duration.ofMinutes(5));
        Machine pending = machines.install(MAC, "Worker-1", Role.WORKER);
        assertEquals(State.PENDING_INSTALL, pending.state());
        assertEquals("worker-1", pending.hostname());
        assertEquals(Mode.INSTALL, pending.mode());
        assertEquals("bios", pending.architecture());
        assertEquals(T0, pending.firstSeen());
        assertEquals(NextBoot.INSTALL, pending.nextBoot());

        Machine installing = machines.kickstartServed(MAC);
        assertEquals(State.INSTALLING, installing.state());
        assertEquals(NextBoot.LOCAL, installing.nextBoot());
        assertRefused("not waiting for an installation", () -> machines.kickstartServed(MAC));

        Machine installed = machines.installed(MAC);
        assertEquals(State.INSTALLED, installed.state());
        assertEquals(NextBoot.LOCAL, installed.nextBoot());
        assertRefused("not installing: its 'installed' report is ignored", () -> machines.installed(MAC));
    }

    @Test
    void reprovisionKeepsDataOnlyWhereThereIsAnInstallationAndInstallNeverErasesAnInstalledMachineSilently() throws Exception {
        Machines machines = Machines.open(dir, new Ticking());
        machines.seen(MAC, "uefi-x64");
        assertRefused("has no installation of this bastion to keep data from", () -> machines.reprovision(MAC, "w1", Role.WORKER));
        machines.install(MAC, "w1", Role.WORKER);
        machines.kickstartServed(MAC);
        assertRefused("is installing now", () -> machines.install(MAC, "w1", Role.WORKER));
        machines.installed(MAC);
        assertRefused("install would erase its disk; 'labctl provision reprovision 52:54:00:12:34:56 w1 --role worker'",
                () -> machines.install(MAC, "w1", Role.WORKER));

        Machine again = machines.reprovision(MAC, "w1", Role.WORKER);
        assertEquals(State.PENDING_REPROVISION, again.state());
        assertEquals(Mode.REPROVISION, again.mode());
        machines.kickstartServed(MAC);
        Machine failed = machines.failed(MAC, "missing-lv-home");
        assertEquals(State.FAILED, failed.state());
        assertEquals("missing-lv-home", failed.failure());
        assertEquals(NextBoot.LOCAL, failed.nextBoot());
        assertEquals(State.PENDING_REPROVISION, machines.reprovision(MAC, "w1", Role.WORKER).state(),
                "a failed reprovision may be tried again");
        assertNull(machines.get(MAC).orElseThrow().failure(), "a new assignment clears the old failure");
    }

    @Test
    void inputIsCheckedAndHostnamesAreUnique() throws Exception {
        Machines machines = Machines.open(dir, new Ticking());
        machines.install(MAC, "w1", Role.WORKER);
        assertRefused("hostname w1 belongs to 52:54:00:12:34:56 already", () -> machines.install("52:54:00:00:00:02", "W1", Role.INFRA));
        assertRefused("needs a role", () -> machines.install("52:54:00:00:00:02", "w2", null));
        assertThrows(IllegalArgumentException.class, () -> machines.install("52:54:00:00:00:0", "w2", Role.WORKER));
        assertThrows(IllegalArgumentException.class, () -> machines.install("52:54:00:00:00:02", "w2; reboot", Role.WORKER));
        assertRefused("no machine 52:54:00:00:00:09", () -> machines.installed("52:54:00:00:00:09"));
        machines.kickstartServed(MAC);
        assertThrows(IllegalArgumentException.class, () -> machines.failed(MAC, "disk on fire"));
        assertEquals("w1-b", machines.install("52:54:00:00:00:02", "w1-b", Role.INFRA).hostname());
    }

    @Test
    void everyChangeSurvivesARestartAndACorruptFileStopsTheStart() throws Exception {
        Ticking clock = new Ticking();
        Machines machines = Machines.open(dir, clock);
        machines.seen(MAC, "uefi-arm64");
        machines.install("52:54:00:00:00:02", "infra-1", Role.INFRA);
        machines.kickstartServed("52:54:00:00:00:02");
        machines.failed("52:54:00:00:00:02", "agent-enroll");
        machines.seen("52:54:00:00:00:03", null);
        assertTrue(machines.forget("52:54:00:00:00:03"));
        assertFalse(machines.forget("52:54:00:00:00:03"));

        Machines reopened = Machines.open(dir, clock);
        assertEquals(machines.list(), reopened.list());
        assertEquals(List.of(MAC, "52:54:00:00:00:02"), reopened.list().stream().map(Machine::mac)
                .sorted(java.util.Comparator.reverseOrder()).toList());
        assertFalse(Files.exists(dir.resolve(Machines.FILE + ".tmp")));

        Files.writeString(dir.resolve(Machines.FILE), "52:54:00:12:34:56 discovered - - - bios 2026-11-29T10:00:00Z\n");
        ProvisionException corrupt = assertThrows(ProvisionException.class, () -> Machines.open(dir, clock));
        assertTrue(corrupt.getMessage().contains("machines.txt line 1 is not a machine (9 fields expected, 7 found)"),
                corrupt.getMessage());
        Files.writeString(dir.resolve(Machines.FILE), "52:54:00:12:34:56 gone - - - bios 2026-11-29T10:00:00Z 2026-11-29T10:00:00Z -\n");
        assertThrows(ProvisionException.class, () -> Machines.open(dir, clock));
    }
}
