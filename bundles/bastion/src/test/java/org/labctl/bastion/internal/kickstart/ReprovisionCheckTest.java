package org.labctl.bastion.internal.kickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reprovision kickstart's {@code %pre} check, run for real with {@code /bin/sh}: extracted from
 * the rendered kickstart and run with a {@code PATH} that holds only stubs of {@code vgs},
 * {@code lvs} and {@code curl}.
 *
 * <p>The LVM tools are stubs because real LVM cannot run in a unit test: it needs root, block
 * devices and a volume group to look at. The stubs answer as LVM does (exit 0 for a volume that is
 * there, 5 with "not found" otherwise) from the list in {@code LVM_PRESENT}, and log their
 * arguments; the curl stub logs its arguments instead of calling anything, and the script can reach
 * no other program, so nothing leaves the machine. What this proves is the script's own logic: it
 * looks for exactly the volume group and the preserved volumes, exits 0 when all are there, and
 * otherwise reports the missing one to the bastion's callback and exits non-zero, which with
 * {@code --erroronfail} stops Anaconda before it touches a disk.
 */
class ReprovisionCheckTest {

    private static final Path SH = Path.of("/bin/sh");
    private static final String CALLBACK = "http://127.0.0.1:9/pxe/callback/" + Requests.MAC;

    @TempDir
    Path dir;

    private record Run(int exitCode, List<String> lvmCalls, List<String> curlCalls, String stderr) {
    }

    @Test
    void allThereExitsZeroWithoutCallback() throws Exception {
        for (Role role : Role.values()) {
            Run run = runPre(role, present(role, null));
            assertEquals(0, run.exitCode(), role + ": " + run.stderr());
            assertEquals(expectedChecks(role), run.lvmCalls(), role + ": the checks made");
            assertEquals(List.of(), run.curlCalls(), role + ": no callback when all is there");
        }
    }

    @Test
    void aMissingPreservedVolumeStopsWithACallback() throws Exception {
        for (Role role : Role.values()) {
            for (Volume volume : Layout.preserved(role)) {
                String missing = Layout.VOLUME_GROUP + "/" + volume.name();
                Run run = runPre(role, present(role, missing));
                assertNotEquals(0, run.exitCode(), role + " without " + missing);
                assertEquals(List.of("-fsS --max-time 10 --retry 3 -X POST " + CALLBACK + "?status=failed&reason=missing-lv-" + volume.name()),
                        run.curlCalls(), role + " without " + missing);
                assertTrue(run.stderr().contains("no logical volume " + missing + " for " + volume.mountPoint()), run.stderr());
            }
        }
    }

    @Test
    void aMissingVolumeGroupStopsWithACallbackBeforeLookingFurther() throws Exception {
        Run run = runPre(Role.WORKER, List.of());
        assertNotEquals(0, run.exitCode());
        assertEquals(List.of("vgs " + Layout.VOLUME_GROUP), run.lvmCalls());
        assertEquals(List.of("-fsS --max-time 10 --retry 3 -X POST " + CALLBACK + "?status=failed&reason=missing-vg"), run.curlCalls());
        assertTrue(run.stderr().contains("reprovisioning stopped before touching any disk: no volume group labvg"), run.stderr());
    }

    @Test
    void anUnreachableBastionStillStopsTheInstaller() throws Exception {
        Files.writeString(stub("curl"), "#!/bin/sh\necho \"$*\" >> \"$STUB_DIR/curl.log\"\nexit 7\n", UTF_8);
        Run run = runPre(Role.INFRA, List.of(Layout.VOLUME_GROUP));
        assertEquals(1, run.exitCode(), "the check's own exit code, not curl's");
        assertEquals(1, run.curlCalls().size());
    }

    /** The names a stub finds: the volume group and every preserved volume, but {@code missing}. */
    private static List<String> present(Role role, String missing) {
        List<String> present = new ArrayList<>(expectedChecks(role).stream().map(check -> check.substring(4)).toList());
        present.remove(missing);
        return present;
    }

    private static List<String> expectedChecks(Role role) {
        List<String> checks = new ArrayList<>();
        checks.add("vgs " + Layout.VOLUME_GROUP);
        Layout.preserved(role).forEach(volume -> checks.add("lvs " + Layout.VOLUME_GROUP + "/" + volume.name()));
        return checks;
    }

    private Run runPre(Role role, List<String> present) throws IOException, InterruptedException {
        KickstartRequest request = new KickstartRequest(Requests.MAC, "node-1", role, Mode.REPROVISION,
                URI.create("http://127.0.0.1:9/pxe"), Requests.LABD, Requests.TOKEN, null, null, null);
        Path script = dir.resolve("pre.sh");
        Files.writeString(script, ParsedKickstart.parse(Kickstart.render(request)).section("pre").script(), UTF_8);
        Files.writeString(stub("vgs"), lvmStub("vgs"), UTF_8);
        Files.writeString(stub("lvs"), lvmStub("lvs"), UTF_8);
        if (!Files.exists(dir.resolve("bin/curl"))) {
            Files.writeString(stub("curl"), "#!/bin/sh\necho \"$*\" >> \"$STUB_DIR/curl.log\"\n", UTF_8);
        }
        for (String log : List.of("lvm.log", "curl.log")) {
            Files.deleteIfExists(dir.resolve(log));
        }
        ProcessBuilder builder = new ProcessBuilder(SH.toString(), script.toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", dir.resolve("bin").toString());
        builder.environment().put("STUB_DIR", dir.toString());
        builder.environment().put("LVM_PRESENT", String.join(" ", present));
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the %pre script did not end within 30 s");
        }
        return new Run(process.exitValue(), lines("lvm.log"), lines("curl.log"), Files.readString(dir.resolve("stderr"), UTF_8));
    }

    /** An LVM tool that finds what {@code LVM_PRESENT} lists; shell builtins only, as PATH has nothing else. */
    private static String lvmStub(String tool) {
        return "#!/bin/sh\n"
                + "echo \"" + tool + " $*\" >> \"$STUB_DIR/lvm.log\"\n"
                + "for name in $LVM_PRESENT; do [ \"$name\" = \"$1\" ] && exit 0; done\n"
                + "echo \"  Volume group or logical volume \\\"$1\\\" not found\" >&2\n"
                + "exit 5\n";
    }

    /** A stub in the only directory on the script's PATH (made executable once it is written). */
    private Path stub(String name) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve(name);
        if (!Files.exists(stub)) {
            Files.createFile(stub, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        return stub;
    }

    private List<String> lines(String log) throws IOException {
        Path file = dir.resolve(log);
        return Files.exists(file) ? Files.readAllLines(file, UTF_8) : List.of();
    }
}
