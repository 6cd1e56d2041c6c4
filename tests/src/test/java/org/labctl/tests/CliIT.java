package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real labctl (bin/labctl) against a real labd: users, tokens, environments and servers. */
class CliIT {

    private static LabdProcess labd;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("cli");
        labd = LabdProcess.unpack(dir).start();
        labd.awaitHealthy();
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static Commands.Result labctl(Path config, String... args) {
        List<String> command = new ArrayList<>(List.of(Repo.root().resolve("bin/labctl").toString()));
        command.addAll(List.of(args));
        return Commands.run(dir, Map.of("LABCTL_CONFIG", config.toString(), "HOME", dir.toString()), 60, command);
    }

    private static Commands.Result admin(String... args) {
        return labctl(labd.adminConfig(), args);
    }

    @Test
    void anAdminCreatesAUserWhoWorksUntilDeleted() throws Exception {
        Path daveConfig = dir.resolve("dave.labctl.yaml");
        Commands.Result created = admin("create", "user", "dave", "--ttl", "7d", "--out", daveConfig.toString());
        assertEquals(0, created.exitCode(), created.toString());
        assertTrue(created.all().contains("dave"), created.toString());
        assertFalse(created.all().contains("PRIVATE KEY"), "the key never appears in output");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(daveConfig)));

        assertEquals(0, labctl(daveConfig, "status").exitCode(), "dave's config reaches labd");
        Commands.Result denied = labctl(daveConfig, "get", "users");
        assertEquals(3, denied.exitCode(), "permission denied: " + denied);
        assertEquals(1, admin("create", "user", "dave", "--out", dir.resolve("dave2.yaml").toString()).exitCode(),
                "a second dave is a conflict");

        JsonNode users = Json.tree(admin("get", "users", "-o", "json").stdout());
        assertTrue(users.findValuesAsText("name").contains("dave"), users.toString());
        assertEquals(0, admin("describe", "user/dave").exitCode());

        assertEquals(0, admin("delete", "user/dave").exitCode());
        Await.until(Duration.ofSeconds(15), "dave refused", () -> labctl(daveConfig, "status").exitCode() == 3);
        assertEquals(4, admin("describe", "user/dave").exitCode());
    }

    /** A command labctl does not have is named as such, whatever known command follows it. */
    @Test
    void anUnknownCommandIsNamedEvenWhenAKnownOneFollowsIt() {
        Commands.Result helm = admin("helm", "--cluster", "x", "get", "pods");
        assertEquals(2, helm.exitCode(), helm.toString());
        assertTrue(helm.stderr().startsWith("error: unknown command 'helm' for 'labctl'\n"), helm.toString());
        assertEquals("", helm.stdout());
    }

    @Test
    void tokensEnvironmentsAndServersThroughTheCli() throws Exception {
        assertEquals(0, admin("create", "environment", "lab", "--cloud", "baremetal").exitCode());
        Commands.Result token = admin("create", "token", "--env", "lab", "--label", "rack=r1");
        assertEquals(0, token.exitCode(), token.toString());
        String secret = token.stdout().trim();
        assertTrue(secret.matches("LAB1[0-9a-f]{64}::[0-9a-f]{32}\\.[A-Za-z0-9_-]{43}"), "only the token on stdout: " + token);
        Commands.Result tokens = admin("get", "tokens", "-o", "json");
        assertTrue(Json.tree(tokens.stdout()).findValuesAsText("environment").contains("lab"), tokens.toString());
        assertEquals(2, admin("create", "token", "--label", "no-equals-sign").exitCode(), "usage error");

        // an agent enrolls with it (as lab-agent does), and shows up in the server list
        KeyPair keys = TestPki.keyPair();
        Http.Response enrolled = new Http(Tls.context(Tls.certificate(Tls.Config.read(labd.adminConfig()).ca()), null, null))
                .post(labd.url("/api/v1/enroll"), "{\"token\":" + Json.quote(secret) + ",\"csr\":"
                        + Json.quote(TestPki.csr(keys, "rack1-a")) + ",\"name\":\"rack1-a\",\"hostname\":\"rack1-a\"}");
        assertEquals(201, enrolled.status(), enrolled.body());

        JsonNode servers = Json.tree(admin("get", "servers", "--env", "lab", "-l", "rack=r1", "-o", "json").stdout());
        assertEquals(List.of("rack1-a"), servers.findValuesAsText("name"));
        // one selector for every command: get servers takes -l rack=r1,tier=gold as exec and logs do
        assertEquals(0, admin("label", "server/rack1-a", "tier=gold").exitCode());
        assertEquals(List.of("rack1-a"), Json.tree(admin("get", "servers", "-l", "rack=r1,tier=gold", "-o", "json").stdout())
                .findValuesAsText("name"));
        assertEquals(List.of(), Json.tree(admin("get", "servers", "-l", "rack=r1,tier=silver", "-o", "json").stdout())
                .findValuesAsText("name"));
        assertEquals(0, admin("label", "server/rack1-a", "tier=gold", "rack-").exitCode());
        JsonNode labelled = Json.tree(admin("get", "server", "rack1-a", "-o", "json").stdout());
        assertEquals("gold", labelled.path("labels").path("tier").asText(), labelled.toString());
        assertTrue(labelled.path("labels").path("rack").isMissingNode(), labelled.toString());
        assertTrue(admin("describe", "server/rack1-a").stdout().contains("NotReady"));

        assertEquals(1, admin("delete", "environment/lab", "--cloud", "baremetal").exitCode(), "it still has a server");
        assertEquals(0, admin("delete", "server/rack1-a").exitCode());
        assertEquals(4, admin("get", "server", "rack1-a").exitCode());
        assertEquals(0, admin("delete", "environment/lab", "--cloud", "baremetal").exitCode());
    }
}
