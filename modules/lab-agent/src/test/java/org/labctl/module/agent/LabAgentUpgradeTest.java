package org.labctl.module.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labctl.api.module.Health;
import org.labctl.module.k3s.common.Artifact;
import org.labctl.module.testing.ModuleTestRuntime;

/**
 * The lab-agent module as lab-agent runs it (the built target/module in {@link ModuleTestRuntime}). The build machines
 * have no systemd, and a test cannot restart the JVM it runs in, so: systemctl and systemd-run are <b>stand-ins</b>
 * (scripts that record their calls; the test runs the armed rollback script itself, as the timer would when it
 * fires), and "the agent restarted on the new release" is the runtime's {@code lab.agent.home} property moving to that
 * release's directory, which is what bin/lab-agent sets in a real restart. The release is a real tar.gz made by the
 * test with tar, laid out as lab-agent's (one top directory, bin/lab-agent).
 */
class LabAgentUpgradeTest {

    private static final Path MODULE = Path.of("target/module");

    @AfterEach
    void clearHome() {
        System.clearProperty(LabAgentUpgrade.HOME);
    }

    @Test
    void upgradesAndConfirmsWhenTheNewAgentComesBack() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            Layout layout = new Layout(agent.workDirectory());
            agent.install();
            agent.configure(layout.parameters("2.0.0"));

            Path release = layout.releases.resolve("2.0.0");
            assertTrue(Files.isExecutable(release.resolve("bin/lab-agent")));
            assertEquals("# written by labctl's lab-agent module: the release the agent runs\n[Service]\nExecStart=\nExecStart="
                    + release.resolve("bin/lab-agent") + " run --data " + layout.data + "\n", Files.readString(layout.dropIn));
            assertEquals(List.of("systemd-run --on-active=30s --unit=labctl-agent-rollback sh "
                    + agent.dataDirectory().resolve("rollback.sh"), "systemctl daemon-reload", "systemctl --no-block restart lab-agent"),
                    layout.calls());
            assertEquals(Health.Status.DEGRADED, agent.health().status());

            // the old agent asked again before its restart: nothing more happens
            agent.configure(layout.parameters("2.0.0"));
            assertEquals(3, layout.calls().size());

            // the new agent is back (bin/lab-agent sets lab.agent.home to the release it runs from) and configures its modules
            System.setProperty(LabAgentUpgrade.HOME, release.toString());
            agent.configure(layout.parameters("2.0.0"));
            assertEquals("systemctl stop labctl-agent-rollback.timer", layout.calls().get(3));
            Health health = agent.health();
            assertEquals(Health.Status.HEALTHY, health.status(), health.toString());

            // a timer that fires anyway changes nothing
            layout.fireRollback(agent);
            assertTrue(Files.readString(layout.dropIn).contains(release.toString()));
            assertEquals(4, layout.calls().size());
            agent.configure(layout.parameters("2.0.0"));
            assertTrue(agent.log().get(agent.log().size() - 1).contains("nothing to do"), agent.log().toString());
        }
    }

    @Test
    void rollsBackWhenTheNewAgentDoesNotComeBackAndRefusesThatVersionAfter() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            Layout layout = new Layout(agent.workDirectory());
            agent.configure(layout.parameters("2.0.0"));
            assertTrue(Files.exists(layout.dropIn));

            layout.fireRollback(agent);
            assertFalse(Files.exists(layout.dropIn), "there was no drop-in before: the unit's own ExecStart again");
            assertEquals(List.of("systemctl daemon-reload", "systemctl restart lab-agent"), layout.calls().subList(3, 5));
            Health health = agent.health();
            assertEquals(Health.Status.FAILED, health.status());
            assertTrue(health.message().contains("2.0.0 did not come back"), health.toString());

            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> agent.configure(layout.parameters("2.0.0")));
            assertTrue(refused.getMessage().contains("set another version or artifact"), refused.getMessage());
            assertEquals(5, layout.calls().size());

            agent.configure(layout.parameters("2.0.1"));
            assertTrue(Files.readString(layout.dropIn).contains(layout.releases.resolve("2.0.1").toString()));
        }
    }

    @Test
    void aReleaseWithAnotherDigestIsRefusedAndNothingChanges() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            Layout layout = new Layout(agent.workDirectory());
            Map<String, Object> parameters = layout.parameters("2.0.0");
            String actual = (String) parameters.get("artifactSha256");
            parameters.put("artifactSha256", "0".repeat(64));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> agent.configure(parameters));
            assertTrue(refused.getMessage().contains(actual) && refused.getMessage().contains("0".repeat(64)), refused.getMessage());
            assertFalse(Files.exists(layout.releases.resolve("2.0.0")));
            assertFalse(Files.exists(layout.dropIn));
            assertEquals(List.of(), layout.calls());
            assertEquals(Health.Status.HEALTHY, agent.health().status(), "the agent runs as it did");
        }
    }

    /** The agent's installation, its releases and the stand-in systemctl and systemd-run, under the runtime's work directory. */
    private static final class Layout {

        final Path releases;
        final Path dropIn;
        final Path data;
        private final Path root;
        private final Path calls;

        Layout(Path root) throws Exception {
            this.root = root;
            Path home = Files.createDirectories(root.resolve("opt/lab-agent/bin"));
            System.setProperty(LabAgentUpgrade.HOME, home.getParent().toString());
            releases = root.resolve("opt/lab-agent-releases");
            dropIn = root.resolve("etc/systemd/system/lab-agent.service.d/labctl-version.conf");
            data = root.resolve("var/lib/lab-agent");
            calls = root.resolve("calls");
            for (String name : List.of("systemctl", "systemd-run")) {
                Path script = root.resolve("stand-in/" + name);
                Files.createDirectories(script.getParent());
                Files.writeString(script, "#!/bin/sh\necho \"" + name + " $*\" >> '" + calls + "'\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }

        /** The parameters for {@code version}, with a tar.gz of it made now and its digest. */
        Map<String, Object> parameters(String version) throws Exception {
            Path archive = root.resolve("lab-agent-" + version + ".tar.gz");
            if (!Files.exists(archive)) {
                Path top = Files.createDirectories(root.resolve("build/lab-agent-" + version + "/bin"));
                Files.writeString(top.resolve("lab-agent"), "#!/bin/sh\necho lab-agent " + version + "\n");
                Files.setPosixFilePermissions(top.resolve("lab-agent"), PosixFilePermissions.fromString("rwxr-xr-x"));
                Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", root.resolve("build").toString(),
                        "lab-agent-" + version).inheritIO().start();
                assertEquals(0, tar.waitFor());
            }
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("version", version);
            parameters.put("artifact", archive.toString());
            parameters.put("artifactSha256", Artifact.sha256(archive));
            parameters.put("releasesDir", releases.toString());
            parameters.put("dropIn", dropIn.toString());
            parameters.put("dataDir", data.toString());
            parameters.put("serviceManager", root.resolve("stand-in/systemctl").toString());
            parameters.put("scheduler", root.resolve("stand-in/systemd-run").toString());
            parameters.put("readyTimeoutSeconds", 30);
            return parameters;
        }

        /** What the scheduler does when the rollback's timer fires: runs the armed script. */
        void fireRollback(ModuleTestRuntime agent) throws Exception {
            Process script = new ProcessBuilder("sh", agent.dataDirectory().resolve("rollback.sh").toString()).inheritIO().start();
            assertEquals(0, script.waitFor());
        }

        /** The stand-ins' calls, each as {@code systemctl ARGS} or {@code systemd-run ARGS}, their paths left out. */
        List<String> calls() throws Exception {
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        }
    }
}
