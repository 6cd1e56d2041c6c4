package org.labctl.example.motd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.Health;
import org.labctl.module.testing.ModuleTestRuntime;
import org.osgi.framework.Bundle;

/** The module as lab-agent runs it (org.labctl.module.testing): the built target/module in a Felix runtime. */
class MotdTest {

    private static final Path MODULE = Path.of("target/module");

    @Test
    void writesTheMessageReportsItsHealthAndTakesItAway() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            Path motd = agent.workDirectory().resolve("etc/motd");
            agent.install();
            assertEquals(Health.Status.FAILED, agent.health().status(), "not configured yet");

            Map<String, Object> parameters = agent.configure(Map.of("path", motd.toString()));
            assertEquals("hello from motd " + agent.descriptor().version(), parameters.get("message"), "the default of module.yaml");
            assertEquals("hello from motd " + agent.descriptor().version() + "\n", Files.readString(motd));
            Health health = agent.health();
            assertEquals(Health.Status.HEALTHY, health.status(), health.toString());

            Files.writeString(motd, "edited by hand\n");
            health = agent.health();
            assertEquals(Health.Status.DEGRADED, health.status());
            assertTrue(health.checks().get(0).message().contains("edited by hand"), health.toString());

            agent.server("web-1", "worker", Map.of("motd", "true"));
            Path moved = agent.workDirectory().resolve("etc/motd.d/web-1");
            agent.configure(Map.of("path", agent.workDirectory().resolve("etc/motd.d/{server}").toString()), "message=moved");
            assertFalse(Files.exists(motd), "the old file is taken away");
            assertEquals("moved\n", Files.readString(moved));

            agent.remove();
            assertFalse(Files.exists(moved));
            assertFalse(Files.exists(agent.dataDirectory()));
            assertTrue(agent.bundles().stream().allMatch(b -> b.getState() == Bundle.UNINSTALLED));
            assertTrue(agent.log().contains("INFO removed " + moved), agent.log().toString());
        }
    }

    @Test
    void parametersAreCheckedAsLabdChecksThem() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            InvalidArgument relative = assertThrows(InvalidArgument.class, () -> agent.configure(Map.of("path", "etc/motd")));
            assertTrue(relative.getMessage().contains("path"), relative.getMessage());
            assertThrows(InvalidArgument.class, () -> agent.configure(Map.of(), "colour=red"));
        }
    }
}
