package org.labctl.module.k3s.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.module.Health;
import org.labctl.module.k3s.common.StandInK3s;
import org.labctl.module.testing.ModuleTestRuntime;

/**
 * The k3s-server module as lab-agent runs it (the built target/module in {@link ModuleTestRuntime}). k3s itself cannot
 * run on the build machines, so these tests run the module against a <b>stand-in</b> installer, k3s binary and
 * service manager ({@link StandInK3s}: shell scripts that check and answer what the real ones do); every path the module
 * writes is a parameter pointed into the runtime's work directory. The real flow is in the module's README.md.
 */
class K3sServerTest {

    private static final java.nio.file.Path MODULE = java.nio.file.Path.of("target/module");
    private static final String TOKEN = "K10-stand-in-cluster-secret-7f3a9c";

    @Test
    void anInstallerWithAnotherDigestIsRefusedAndNothingRuns() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            StandInK3s k3s = StandInK3s.under(agent.workDirectory());
            Map<String, Object> parameters = new java.util.HashMap<>(k3s.parameters());
            String actual = (String) parameters.get("installerSha256");
            String pinned = "0".repeat(64);
            parameters.put("installerSha256", pinned);
            agent.install();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> agent.configure(parameters));
            assertTrue(refused.getMessage().contains(actual) && refused.getMessage().contains(pinned), refused.getMessage());
            assertEquals(0, k3s.installerRuns(), "the installer must not run");
            assertFalse(Files.exists(k3s.bin().resolve("k3s")));
            assertFalse(Files.exists(k3s.configFile()), "nothing is written either");
            assertEquals(Health.Status.FAILED, agent.health().status());
        }
    }

    @Test
    void installsConfiguresReportsTheNodeRestartsOnAChangeAndUninstalls() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            agent.server("cp-1", "infra", Map.of("k3s", "server"));
            StandInK3s k3s = StandInK3s.under(agent.workDirectory());
            agent.install();
            assertEquals(Health.Status.FAILED, agent.health().status(), "not configured yet");

            agent.configure(k3s.parameters(), "tlsSan=k3s.example.net,10.0.0.10", "nodeLabels={topology.kubernetes.io/zone: rack2}",
                    "token=" + TOKEN, "extraConfig={disable: [traefik]}");
            assertEquals(1, k3s.installerRuns());
            assertEquals(List.of("k3s"), k3s.installerStarts());
            String environment = k3s.installerEnvironment();
            assertTrue(environment.contains("INSTALL_K3S_EXEC=server\n"), environment);
            assertTrue(environment.contains("INSTALL_K3S_BIN_DIR=" + k3s.bin() + "\n"), environment);
            assertTrue(environment.contains("K3S_CONFIG_FILE=" + k3s.configFile() + "\n"), "not the default path: " + environment);
            assertFalse(environment.contains("INSTALL_K3S_SKIP_DOWNLOAD"), "the installer downloads k3s: " + environment);
            assertFalse(environment.contains(TOKEN), "the token goes to config.yaml only: " + environment);
            assertEquals("# written by labctl's k3s module: changes here are overwritten\n"
                    + "node-name: \"cp-1\"\n"
                    + "node-label: [\"topology.kubernetes.io/zone=rack2\"]\n"
                    + "tls-san: [\"k3s.example.net\",\"10.0.0.10\"]\n"
                    + "token: \"" + TOKEN + "\"\n"
                    + "disable: [\"traefik\"]\n", Files.readString(k3s.configFile()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(k3s.configFile())));

            Health health = agent.health();
            assertEquals(Health.Status.HEALTHY, health.status(), health.toString());
            assertTrue(health.checks().get(0).message().contains("node cp-1 is Ready"), health.toString());

            k3s.nodeReady(false);
            health = agent.health();
            assertEquals(Health.Status.DEGRADED, health.status(), health.toString());
            assertTrue(health.message().contains("NotReady") && health.message().contains("KubeletNotReady"), health.toString());
            k3s.nodeReady(true);
            assertEquals(Health.Status.HEALTHY, agent.health().status());

            // the same parameters again: nothing to do
            agent.configure(k3s.parameters(), "tlsSan=k3s.example.net,10.0.0.10", "nodeLabels={topology.kubernetes.io/zone: rack2}",
                    "token=" + TOKEN, "extraConfig={disable: [traefik]}");
            assertEquals(List.of(), k3s.serviceCalls());
            assertEquals(1, k3s.installerRuns());

            // a change: config.yaml rewritten, k3s restarted through the service manager, the installer not run again
            agent.configure(k3s.parameters(), "tlsSan=k3s.example.net", "token=" + TOKEN);
            assertTrue(Files.readString(k3s.configFile()).contains("tls-san: [\"k3s.example.net\"]\n"));
            assertFalse(Files.readString(k3s.configFile()).contains("disable"));
            assertEquals(List.of("restart k3s"), k3s.serviceCalls());
            assertEquals(1, k3s.installerRuns());

            agent.remove();
            assertEquals(List.of("k3s"), k3s.uninstalled());
            assertFalse(Files.exists(k3s.bin().resolve("k3s")));
            assertFalse(Files.exists(k3s.bin().resolve("k3s-uninstall.sh")));
            assertFalse(Files.exists(k3s.configFile()), "the config file held the token");

            assertTrue(agent.log().stream().noneMatch(line -> line.contains(TOKEN)), "the token is never logged: " + agent.log());
            assertTrue(agent.log().stream().anyMatch(line -> line.contains("token")), "the log names the key: " + agent.log());
        }
    }

    @Test
    void aPinnedBinaryIsCheckedAndInstalledWithoutADownload() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            StandInK3s k3s = StandInK3s.under(agent.workDirectory());
            java.nio.file.Path binary = agent.workDirectory().resolve("k3s-v1.31.4");
            Files.writeString(binary, "#!/bin/sh\necho \"k3s version v1.31.4+k3s1 (pinned)\"\n");
            String digest = org.labctl.module.k3s.common.Artifact.sha256(binary);

            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> agent.configure(k3s.parameters(), "binary=" + binary, "binarySha256=" + "a".repeat(64)));
            assertTrue(refused.getMessage().contains(digest), refused.getMessage());
            assertEquals(0, k3s.installerRuns());
            assertFalse(Files.exists(k3s.bin().resolve("k3s")));

            agent.configure(k3s.parameters(), "binary=" + binary, "binarySha256=" + digest);
            assertTrue(k3s.installerEnvironment().contains("INSTALL_K3S_SKIP_DOWNLOAD=true\n"), k3s.installerEnvironment());
            assertEquals(Files.readString(binary), Files.readString(k3s.bin().resolve("k3s")));
        }
    }
}
