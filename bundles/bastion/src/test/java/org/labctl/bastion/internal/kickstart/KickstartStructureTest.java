package org.labctl.bastion.internal.kickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered kickstarts, parsed back ({@link ParsedKickstart}) and checked against the issue:
 * first {@link Layout} against the issue's table as the issue writes it, then each kickstart against
 * {@link Layout}: every mount point, size and file system, what install and reprovision do to each
 * volume, the {@code %pre} check's volumes, and what {@code %post} does with the token.
 */
class KickstartStructureTest {

    @TempDir
    Path dir;

    /** Issue 7's worker table, row for row: mount point, size ("GB" as the issue writes it), file system. */
    private static final List<String> ISSUE_WORKER = List.of("/boot/efi 600MB efi", "/boot 3GB ext4", "swap 27GB swap",
            "/ 33GB xfs", "/var 100GB xfs", "/var/log 10GB xfs", "/home 10GB xfs", "/srv 20GB xfs",
            "/var/lib/longhorn rest xfs", "/tmp 4GB tmpfs");
    /** "Infra: the same, except /var/lib/rancher 20GB xfs instead of /var/lib/longhorn." */
    private static final List<String> ISSUE_INFRA = ISSUE_WORKER.stream()
            .map(row -> row.startsWith("/var/lib/longhorn ") ? "/var/lib/rancher 20GB xfs" : row).toList();
    private static final Map<Role, Set<String>> ISSUE_PRESERVED = Map.of(
            Role.WORKER, Set.of("/home", "/srv", "/var/lib/longhorn"),
            Role.INFRA, Set.of("/home", "/srv", "/var/lib/rancher"));

    static Stream<Arguments> rolesAndModes() {
        return KickstartGoldenTest.rolesAndModes();
    }

    @Test
    void theLayoutIsTheIssuesTable() {
        for (Role role : Role.values()) {
            List<String> rows = new ArrayList<>();
            Set<String> preserved = new LinkedHashSet<>();
            for (Volume volume : Layout.of(role)) {
                String size = volume.grows() ? "rest"
                        : volume.sizeMiB() % Layout.GB == 0 ? volume.sizeMiB() / Layout.GB + "GB" : volume.sizeMiB() + "MB";
                rows.add(volume.mountPoint() + " " + size + " " + volume.fstype());
                if (volume.preserved()) {
                    preserved.add(volume.mountPoint());
                }
            }
            assertEquals(role == Role.WORKER ? ISSUE_WORKER : ISSUE_INFRA, rows, role.toString());
            assertEquals(ISSUE_PRESERVED.get(role), preserved, role + ": preserved on reprovision");
        }
        assertEquals(1024, Layout.GB, "1 GB is 1024 MiB");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void everyVolumeOfTheLayoutAndNothingElse(Role role, Mode mode) {
        KickstartRequest request = Requests.of(role, mode);
        ParsedKickstart ks = ParsedKickstart.parse(Kickstart.render(request));
        boolean install = mode == Mode.INSTALL;
        String disk = request.disk();
        Set<String> expectedParts = new LinkedHashSet<>();
        Set<String> expectedLogvols = new LinkedHashSet<>();
        int partition = 0;
        for (Volume volume : Layout.of(role)) {
            String where = role + " " + mode + " " + volume.mountPoint();
            switch (volume.kind()) {
                case PARTITION -> {
                    partition++;
                    expectedParts.add(volume.mountPoint());
                    ParsedKickstart.Command part = ks.storage("part", volume.mountPoint()).orElseThrow(() -> new AssertionError(where));
                    assertEquals(volume.fstype(), part.option("fstype"), where);
                    assertFalse(part.has("noformat"), where + ": partitions are always formatted");
                    if (install) {
                        assertEquals(String.valueOf(volume.sizeMiB()), part.option("size"), where);
                        assertEquals(disk, part.option("ondisk"), where);
                    } else {
                        assertNull(part.option("size"), where + ": an existing partition keeps its size");
                        assertEquals(Layout.partitionName(disk, partition), part.option("onpart"), where);
                    }
                }
                case LOGICAL_VOLUME -> {
                    expectedLogvols.add(volume.mountPoint());
                    ParsedKickstart.Command lv = ks.storage("logvol", volume.mountPoint()).orElseThrow(() -> new AssertionError(where));
                    assertEquals(Layout.VOLUME_GROUP, lv.option("vgname"), where);
                    assertEquals(volume.name(), lv.option("name"), where);
                    assertEquals(volume.fstype(), lv.option("fstype"), where);
                    if (install) {
                        assertEquals(String.valueOf(volume.sizeMiB()), lv.option("size"), where);
                        assertEquals(volume.grows(), lv.has("grow"), where + ": --grow");
                        assertFalse(lv.has("useexisting") || lv.has("noformat"), where + ": install creates every volume");
                    } else {
                        assertNull(lv.option("size"), where + ": an existing volume keeps its size");
                        assertTrue(lv.has("useexisting"), where + ": --useexisting");
                        assertEquals(volume.preserved(), lv.has("noformat"), where + ": --noformat exactly on preserved volumes");
                    }
                }
                case TMPFS -> {
                    Matcher fstab = fstabLine(ks, volume.mountPoint());
                    assertEquals("tmpfs", fstab.group(1), where);
                    assertEquals(volume.sizeMiB() + "m", fstab.group(2), where + ": tmpfs size");
                    assertTrue(ks.storage("part", volume.mountPoint()).isEmpty() && ks.storage("logvol", volume.mountPoint()).isEmpty(),
                            where + ": a tmpfs takes no disk space");
                }
            }
        }
        if (install) {
            expectedParts.add(Layout.PHYSICAL_VOLUME);
            ParsedKickstart.Command pv = ks.storage("part", Layout.PHYSICAL_VOLUME).orElseThrow();
            assertTrue(pv.has("grow"), "the physical volume takes the rest of the disk");
            assertEquals(disk, pv.option("ondisk"));
            assertEquals(List.of("volgroup", Layout.VOLUME_GROUP, Layout.PHYSICAL_VOLUME), ks.first("volgroup").orElseThrow().words());
        } else {
            ParsedKickstart.Command vg = ks.first("volgroup").orElseThrow();
            assertEquals(List.of("volgroup", Layout.VOLUME_GROUP), vg.words(), "reprovision lists no physical volume");
            assertTrue(vg.has("useexisting") && vg.has("noformat"), "reprovision keeps the volume group as it is");
        }
        assertEquals(expectedParts, mountPoints(ks, "part"), "part lines");
        assertEquals(expectedLogvols, mountPoints(ks, "logvol"), "logvol lines");
        assertEquals(1, ks.all("volgroup").size());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void onlyInstallWipesTheDiskAndOnlyTheTargetDiskIsUsed(Role role, Mode mode) {
        KickstartRequest request = Requests.of(role, mode);
        ParsedKickstart ks = ParsedKickstart.parse(Kickstart.render(request));
        assertEquals(request.disk(), ks.first("ignoredisk").orElseThrow().option("only-use"));
        assertEquals(request.disk(), ks.first("bootloader").orElseThrow().option("boot-drive"));
        if (mode == Mode.INSTALL) {
            ParsedKickstart.Command clearpart = ks.first("clearpart").orElseThrow(() -> new AssertionError("install has clearpart"));
            assertEquals(request.disk(), clearpart.option("drives"));
            assertTrue(ks.first("zerombr").isPresent(), "install has zerombr");
        } else {
            assertTrue(ks.all("clearpart").isEmpty(), "reprovision must not clear the disk");
            assertTrue(ks.all("zerombr").isEmpty(), "reprovision must not zero the partition table");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void thePreCheckListsTheVolumeGroupAndExactlyThePreservedVolumes(Role role, Mode mode) {
        ParsedKickstart ks = ParsedKickstart.parse(Kickstart.render(Requests.of(role, mode)));
        if (mode == Mode.INSTALL) {
            assertTrue(ks.sections("pre").isEmpty(), "install checks nothing before it wipes the disk");
            return;
        }
        ParsedKickstart.Section pre = ks.section("pre");
        assertTrue(pre.options().containsKey("erroronfail"), "%pre --erroronfail: a failed check stops the installer");
        Set<String> checked = new LinkedHashSet<>();
        for (String line : pre.body()) {
            String[] words = line.trim().split(" ");
            if (words[0].equals("vgs") || words[0].equals("lvs")) {
                checked.add(words[0] + " " + words[1]);
            }
        }
        Set<String> expected = new LinkedHashSet<>();
        expected.add("vgs " + Layout.VOLUME_GROUP);
        Layout.preserved(role).forEach(volume -> expected.add("lvs " + Layout.VOLUME_GROUP + "/" + volume.name()));
        assertEquals(expected, checked);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void postInstallsEnrollsEnablesThenReports(Role role, Mode mode) {
        KickstartRequest request = Requests.of(role, mode);
        String text = Kickstart.render(request);
        ParsedKickstart.Section post = ParsedKickstart.parse(text).section("post");
        assertTrue(post.options().containsKey("erroronfail"));
        List<String> body = post.body();
        int download = indexOf(body, "curl -fsS --max-time 600 --retry 3 -o /var/tmp/lab-agent.tar.gz "
                + "'http://bastion.lab.example:8080/artifacts/lab-agent.tar.gz' \\");
        int unpack = indexOf(body, "mkdir -p /opt/lab-agent && tar -xzf /var/tmp/lab-agent.tar.gz -C /opt/lab-agent "
                + "--strip-components=1 --no-same-owner \\");
        int unit = indexOf(body, "install -m 0644 /opt/lab-agent/systemd/lab-agent.service /etc/systemd/system/lab-agent.service \\");
        int enroll = indexOf(body, "/opt/lab-agent/bin/lab-agent enroll --server 'https://labd.lab.example:8443' --token '"
                + Requests.TOKEN + "' --name '" + request.hostname() + "' --data /var/lib/lab-agent \\");
        int enable = indexOf(body, "systemctl enable lab-agent.service || fail agent-enable \"cannot enable lab-agent.service\"");
        assertTrue(download < unpack && unpack < unit && unit < enroll && enroll < enable, "download, unpack, unit, enroll, enable");
        assertEquals("report installed", body.get(body.size() - 1), "the success callback is the very last line");
        assertTrue(body.contains("CALLBACK='http://bastion.lab.example:8080/callback/" + request.mac() + "'"));
        assertEquals(1, occurrences(text, Requests.TOKEN), "the token appears once, on the enroll line");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void noPasswordAndOnlyTheGivenKeys(Role role, Mode mode) {
        KickstartRequest request = Requests.of(role, mode);
        ParsedKickstart ks = ParsedKickstart.parse(Kickstart.render(request));
        ParsedKickstart.Command rootpw = ks.first("rootpw").orElseThrow();
        assertEquals(List.of("rootpw"), rootpw.words(), "no root password");
        assertEquals(Set.of("lock"), rootpw.options().keySet());
        for (ParsedKickstart.Command command : ks.commands()) {
            assertFalse(command.has("password") || command.has("plaintext") || command.has("iscrypted"), command.toString());
        }
        List<String> keys = ks.all("sshkey").stream().map(c -> c.argument()).toList();
        assertEquals(request.sshKeys(), keys);
        if (keys.isEmpty()) {
            assertTrue(ks.all("user").isEmpty(), "no keys, no user");
        } else {
            ParsedKickstart.Command user = ks.first("user").orElseThrow();
            assertEquals(Kickstart.ADMIN_USER, user.option("name"));
            assertTrue(user.has("lock"), "the admin's password is locked: it logs in with its keys");
            ks.all("sshkey").forEach(key -> assertEquals(Kickstart.ADMIN_USER, key.option("username")));
        }
        ParsedKickstart.Command network = ks.first("network").orElseThrow();
        assertEquals(request.hostname(), network.option("hostname"));
        assertEquals(request.mac(), network.option("device"));
    }

    /**
     * The scripts parse as POSIX sh ({@code /bin/sh -n}: dash here) and as bash, which is
     * {@code /bin/sh} in Anaconda and on the installed system.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void theScriptsAreValidShell(Role role, Mode mode) throws Exception {
        ParsedKickstart ks = ParsedKickstart.parse(Kickstart.render(Requests.of(role, mode)));
        for (ParsedKickstart.Section section : ks.sections()) {
            if (section.name().equals("packages")) {
                continue;
            }
            Path script = dir.resolve(section.name() + ".sh");
            Files.writeString(script, section.script(), UTF_8);
            for (String shell : List.of("/bin/sh", "/bin/bash")) {
                if (!Files.isExecutable(Path.of(shell))) {
                    continue;
                }
                Process check = new ProcessBuilder(shell, "-n", script.toString()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("check.out").toFile()).start();
                assertTrue(check.waitFor(30, TimeUnit.SECONDS), shell + " -n did not end");
                assertEquals(0, check.exitValue(), shell + " -n %" + section.name() + ": " + Files.readString(dir.resolve("check.out")));
            }
        }
    }

    private static Matcher fstabLine(ParsedKickstart ks, String mountPoint) {
        Pattern fstab = Pattern.compile("echo 'tmpfs " + Pattern.quote(mountPoint) + " (\\S+) \\S*size=(\\w+)\\S* 0 0' >> /etc/fstab");
        List<Matcher> found = ks.section("post").body().stream().map(fstab::matcher).filter(Matcher::matches).toList();
        assertEquals(1, found.size(), "one fstab line for " + mountPoint);
        return found.get(0);
    }

    private static Set<String> mountPoints(ParsedKickstart ks, String command) {
        Set<String> points = new LinkedHashSet<>();
        ks.all(command).forEach(c -> assertTrue(points.add(c.argument()), "twice: " + c));
        return points;
    }

    private static int indexOf(List<String> lines, String line) {
        int index = lines.indexOf(line);
        assertTrue(index >= 0, "no line: " + line);
        return index;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
