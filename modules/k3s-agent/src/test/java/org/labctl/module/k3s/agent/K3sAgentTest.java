package org.labctl.module.k3s.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.Health;
import org.labctl.module.k3s.common.StandInK3s;
import org.labctl.module.testing.ModuleTestRuntime;

/**
 * The k3s-agent module as lab-agent runs it (the built target/module in {@link ModuleTestRuntime}). k3s itself cannot
 * run on the build machines, so these tests run the module against a <b>stand-in</b> installer, k3s binary and
 * service manager ({@link StandInK3s}: shell scripts that check and answer what the real ones do); every path the module
 * writes is a parameter pointed into the runtime's work directory. The real flow is in the module's README.md.
 */
class K3sAgentTest {

    private static final Path MODULE = Path.of("target/module");
    private static final String TOKEN = "K10abc123::server:7f3a9c0e5d";
    private static final String SERVER = "server=https://k3s.example.net:6443";

    @Test
    void anInstallerWithAnotherDigestIsRefusedAndNothingRuns() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            StandInK3s k3s = StandInK3s.under(agent.workDirectory());
            Map<String, Object> parameters = new java.util.HashMap<>(k3s.parameters());
            String actual = (String) parameters.get("installerSha256");
            parameters.put("installerSha256", "f".repeat(64));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> agent.configure(parameters, SERVER, "token=" + TOKEN));
            assertTrue(refused.getMessage().contains(actual) && refused.getMessage().contains("f".repeat(64)), refused.getMessage());
            assertEquals(0, k3s.installerRuns());
            assertFalse(Files.exists(k3s.bin().resolve("k3s")));
            assertFalse(Files.exists(k3s.configFile()));
        }
    }

    @Test
    void joinsTheServerReportsTheServiceRestartsOnANewTokenAndUninstalls() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            agent.server("worker-7", "worker", Map.of("k3s", "agent"));
            StandInK3s k3s = StandInK3s.under(agent.workDirectory());
            agent.install();
            agent.configure(k3s.parameters(), SERVER, "token=" + TOKEN, "nodeLabels={disk: ssd}");

            assertEquals(List.of("k3s-agent"), k3s.installerStarts());
            String environment = k3s.installerEnvironment();
            assertTrue(environment.contains("INSTALL_K3S_EXEC=agent\n"), environment);
            assertFalse(environment.contains(TOKEN), "the installer would keep K3S_TOKEN in the service's env file: " + environment);
            assertEquals("# written by labctl's k3s module: changes here are overwritten\n"
                    + "node-name: \"worker-7\"\n"
                    + "node-label: [\"disk=ssd\"]\n"
                    + "server: \"https://k3s.example.net:6443\"\n"
                    + "token: \"" + TOKEN + "\"\n", Files.readString(k3s.configFile()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(k3s.configFile())));

            Health health = agent.health();
            assertEquals(Health.Status.HEALTHY, health.status(), health.toString());
            assertTrue(health.checks().get(0).message().contains("v1.31.4+k3s1"), health.toString());
            assertEquals(List.of("is-active k3s-agent"), k3s.serviceCalls());

            k3s.serviceState("activating");
            assertEquals(Health.Status.DEGRADED, agent.health().status());
            k3s.serviceState("failed");
            health = agent.health();
            assertEquals(Health.Status.FAILED, health.status());
            assertTrue(health.message().contains("k3s-agent is failed"), health.toString());
            k3s.serviceState("active");

            String rotated = "K10def456::server:0b1c2d3e4f";
            agent.configure(k3s.parameters(), SERVER, "token=" + rotated, "nodeLabels={disk: ssd}");
            assertTrue(Files.readString(k3s.configFile()).contains("token: \"" + rotated + "\"\n"));
            assertEquals("restart k3s-agent", k3s.serviceCalls().get(k3s.serviceCalls().size() - 1));
            assertEquals(1, k3s.installerRuns(), "a new token needs no new installation");

            agent.remove();
            assertEquals(List.of("k3s-agent"), k3s.uninstalled());
            assertFalse(Files.exists(k3s.bin().resolve("k3s-agent-uninstall.sh")));
            assertFalse(Files.exists(k3s.configFile()));

            for (String line : agent.log()) {
                assertFalse(line.contains(TOKEN) || line.contains(rotated), "a token in the module's log: " + line);
            }
        }
    }

    @Test
    void theServerAndTokenAreRequiredAndTheServerIsHttps() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            StandInK3s k3s = StandInK3s.under(agent.workDirectory());
            InvalidArgument noToken = assertThrows(InvalidArgument.class, () -> agent.configure(k3s.parameters(), SERVER));
            assertTrue(noToken.getMessage().contains("token"), noToken.getMessage());
            InvalidArgument http = assertThrows(InvalidArgument.class,
                    () -> agent.configure(k3s.parameters(), "server=http://k3s:6443", "token=" + TOKEN));
            assertTrue(http.getMessage().contains("server"), http.getMessage());
            assertFalse(http.getMessage().contains(TOKEN), http.getMessage());
            assertEquals(0, k3s.installerRuns());
        }
    }
}
