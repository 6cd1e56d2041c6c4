package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.KubeCluster;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.SharedDatabase;

/**
 * Infrastructure as code (issue 19): Pulumi programs run by labd with the real engine (the pulumi CLI, its Java
 * language host, built from Go modules by .ci/peers/pulumi.sh) through the real labctl. The program is
 * tests/example-pulumi, a Java program on the Pulumi SDK whose resources are component resources: the engine records
 * them in the stack's state like any other, and they need no cloud.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PulumiIT {

    private static final String SECRET = "TOPSECRET-pw-4711";
    private static final String STACK = "baremetal/lab/example-pulumi";
    private static final Pattern STARTED = Pattern.compile("(plan|apply|destroy) ([0-9a-f]{16}) of stack");

    private static Path dir;
    private static SharedDatabase database;
    private static LabdProcess labd;
    private static Labctl admin;
    private static Labctl alice;
    private static Labctl bob;
    private static Path program;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("pulumi");
        program = Repo.root().resolve("tests/example-pulumi/target/example-pulumi.jar");
        assertTrue(Files.isRegularFile(program), "tests/example-pulumi is not built (mvn install)");
        database = new SharedDatabase(dir);
        labd = database.labd("labd").env("LABCTL_PULUMI_BIN", engine().toString());
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        ok(admin.run("create", "environment", "lab", "--cloud", "baremetal"));
        Path aliceConfig = dir.resolve("alice.labctl.yaml");
        ok(admin.run("create", "user", "alice", "--out", aliceConfig.toString()));
        ok(admin.run("create", "role", "deployer", "--allow", "apply:*:lab:*", "--allow", "read:*:lab:*"));
        ok(admin.run("bind", "role", "deployer", "--user", "alice"));
        alice = new Labctl(dir, aliceConfig).env("HOME", dir.toString());
        Path bobConfig = dir.resolve("bob.labctl.yaml");
        ok(admin.run("create", "user", "bob", "--out", bobConfig.toString()));
        bob = new Labctl(dir, bobConfig).env("HOME", dir.toString());
    }

    /** The engine's directory ({@code labctl.pulumi.bin}, which tests/pom.xml sets); fails, never skips, when not built. */
    static Path engine() {
        String configured = System.getProperty("labctl.pulumi.bin");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("labctl.pulumi.bin is not set: run the tests through Maven (tests/pom.xml sets it)");
        }
        Path bin = Path.of(configured);
        for (String peer : new String[] {"pulumi", "pulumi-language-java"}) {
            if (!Files.isExecutable(bin.resolve(peer))) {
                throw new IllegalStateException("the Pulumi test peers are not built: no " + bin.resolve(peer)
                        + "; run .ci/peers/pulumi.sh (12 to 20 minutes the first time, then cached)");
            }
        }
        return bin;
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static Commands.Result fails(int exit, String message, Commands.Result result) {
        assertEquals(exit, result.exitCode(), result.toString());
        assertTrue(result.all().contains(message), "expected '" + message + "' in " + result);
        return result;
    }

    private static String runId(String stderr) {
        Matcher started = STARTED.matcher(stderr);
        assertTrue(started.find(), "no run started in: " + stderr);
        return started.group(2);
    }

    private static JsonNode stack() throws Exception {
        return Json.tree(ok(admin.run("stacks", "describe", STACK, "-o", "json")).stdout());
    }

    /** {@code labctl apply} of the program with {@code extra}; without a sleep of its own, none (config is kept). */
    private static String[] apply(String... extra) {
        Stream<String> sleep = String.join(" ", extra).contains("sleepSeconds=") ? Stream.empty()
                : Stream.of("--set", "sleepSeconds=0");
        return Stream.of(Stream.of("apply", "-f", program.toString(), "--env", "lab", "--yes"), sleep, Stream.of(extra))
                .flatMap(s -> s).toArray(String[]::new);
    }

    @Test
    @Order(1)
    void planShowsTheChangesAndAppliesNothing() throws Exception {
        Commands.Result plan = ok(admin.run("plan", "-f", program.toString(), "--env", "lab", "--set", "message=hi"));
        assertTrue(plan.stdout().contains("+ 3 to create"), plan.toString());
        assertTrue(plan.stdout().contains("labctl:example:Item"), plan.toString());
        assertTrue(plan.stderr().contains("succeeded (3 create)"), plan.toString());
        String id = runId(plan.stderr());
        // the same output from the record, and nothing applied: the stack holds no outputs, no config kept
        Commands.Result log = ok(admin.run("logs", "pulumi/" + id));
        assertTrue(log.stdout().contains("+ 3 to create"), log.toString());
        JsonNode stack = stack();
        assertEquals(0, stack.path("outputs").size(), stack.toString());
        assertEquals(0, stack.path("config").size(), stack.toString());
        assertEquals("plan", stack.path("lastRun").path("kind").asText());
        assertEquals("succeeded", stack.path("lastRun").path("state").asText());
    }

    @Test
    @Order(2)
    void applyCreatesAndASecondApplyChangesNothing() throws Exception {
        Commands.Result first = ok(admin.run(apply("--set", "message=hi", "--set-secret", "password=" + SECRET, "-o", "json")));
        assertTrue(first.stderr().contains("+ 3 created"), "-o json: the engine's lines on stderr: " + first);
        JsonNode run = Json.tree(first.stdout());
        assertEquals("succeeded", run.path("state").asText(), run.toString());
        assertEquals(3, run.path("changes").path("create").asInt(), run.toString());
        assertEquals("hi", run.path("outputs").path("message").asText());
        assertEquals("[secret]", run.path("outputs").path("password").asText());
        assertEquals("0.1.0-SNAPSHOT", run.path("version").asText(), "the jar's Implementation-Version");

        Commands.Result second = ok(admin.run(apply("-o", "json")));
        JsonNode noop = Json.tree(second.stdout());
        assertEquals(3, noop.path("changes").path("same").asInt(), noop.toString());
        assertEquals(1, noop.path("changes").size(), "only unchanged resources: " + noop);
        assertEquals("hi", noop.path("outputs").path("message").asText(), "the apply kept its config for the next runs");

        JsonNode stack = stack();
        assertEquals("hi", stack.path("config").path("example-pulumi:message").asText(), stack.toString());
        assertEquals("[secret]", stack.path("config").path("example-pulumi:password").asText(), stack.toString());
    }

    @Test
    @Order(3)
    void aChangeIsAppliedAndEveryRunIsInTheHistory() throws Exception {
        Commands.Result change = ok(alice.run(apply("--set", "items=4", "-o", "json")));
        JsonNode run = Json.tree(change.stdout());
        assertEquals(2, run.path("changes").path("create").asInt(), run.toString());
        assertEquals("alice", run.path("user").asText());
        JsonNode history = Json.tree(ok(alice.run("stacks", "history", STACK, "-o", "json")).stdout());
        assertEquals(4, history.size(), history.toString());
        assertEquals("alice", history.get(0).path("user").asText(), "newest first");
        assertEquals("plan", history.get(3).path("kind").asText());
        Commands.Result table = ok(alice.run("stacks", "history", STACK));
        assertTrue(table.stdout().contains("create=2"), table.toString());
    }

    @Test
    @Order(4)
    void aFailingProgramLeavesAFailedRunWithItsErrorAndTheStackAsItWas() throws Exception {
        JsonNode before = stack();
        Commands.Result failed = admin.run(apply("--set", "fail=on-purpose"));
        assertEquals(1, failed.exitCode(), failed.toString());
        assertTrue(failed.all().contains("the example program failed on purpose: on-purpose"), failed.toString());
        String id = runId(failed.stderr());
        Commands.Result log = admin.run("logs", "pulumi/" + id, "-o", "json");
        assertEquals(1, log.exitCode(), "the log of a failed run ends as the run did: " + log);
        JsonNode run = Json.tree(log.stdout());
        assertEquals("failed", run.path("state").asText(), run.toString());
        assertTrue(run.path("error").asText().contains("failed on purpose"), run.toString());
        JsonNode after = stack();
        assertEquals(before.path("outputs"), after.path("outputs"), "the stack's outputs are those of the last good apply");
        assertFalse(after.path("config").has("example-pulumi:fail"), "a failed apply's config is not kept: " + after);
        // and the next apply runs on the state the engine recorded: the items are there, unchanged
        Commands.Result next = ok(admin.run(apply("-o", "json")));
        JsonNode again = Json.tree(next.stdout());
        assertEquals(5, again.path("changes").path("same").asInt(), again.toString());
    }

    @Test
    @Order(5)
    void oneRunAtATimeHoldsAStackAndTheSecondIsToldWhich() throws Exception {
        Labctl.Started slow = admin.start(null, apply("--set", "sleepSeconds=8"));
        String id = Await.until(Duration.ofSeconds(60), "the slow apply to start", () -> {
            Matcher started = STARTED.matcher(slow.stderr());
            return started.find() ? started.group(2) : null;
        });
        Commands.Result second = fails(1, "is busy: run " + id + " (apply by admin", alice.run(apply()));
        assertTrue(second.stderr().contains("labctl logs pulumi/" + id), second.toString());
        Commands.Result first = slow.await(120);
        assertEquals(0, first.exitCode(), first.toString());
    }

    @Test
    @Order(6)
    void theCliKilledMidApplyLeavesTheRunToCompleteAndItCanBeFollowed() throws Exception {
        Labctl.Started apply = admin.start(null, apply("--set", "sleepSeconds=6", "--set", "items=6"));
        String id = Await.until(Duration.ofSeconds(60), "the apply to start", () -> {
            Matcher started = STARTED.matcher(apply.stderr());
            return started.find() ? started.group(2) : null;
        });
        apply.process().destroyForcibly().waitFor();
        Commands.Result followed = ok(alice.run("logs", "pulumi/" + id, "-f"));
        assertTrue(followed.stdout().contains("+ 2 created"), followed.toString());
        assertTrue(followed.stderr().contains("apply " + id + " succeeded"), followed.toString());
        assertEquals(6, stack().path("outputs").path("items").asInt());
    }

    @Test
    @Order(7)
    void aRunCancelledEndsCancelledAndItsLabctlSaysSo() throws Exception {
        Labctl.Started apply = admin.start(null, apply("--set", "sleepSeconds=30"));
        String id = Await.until(Duration.ofSeconds(60), "the apply to start", () -> {
            Matcher started = STARTED.matcher(apply.stderr());
            return started.find() ? started.group(2) : null;
        });
        Http.Response cancelled = labd.admin().post(labd.url("/api/v1/pulumi/runs/" + id + "/cancel"), "");
        assertEquals(200, cancelled.status(), cancelled.body());
        Commands.Result result = apply.await(120);
        assertEquals(130, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("apply " + id + " cancelled"), result.toString());
        Http.Response again = labd.admin().postUnchecked(labd.url("/api/v1/pulumi/runs/" + id + "/cancel"), "");
        assertEquals(409, again.status(), again.body());
        ok(admin.run(apply()));
    }

    @Test
    @Order(8)
    void destroyNeedsTheDestroyActionWhichApplyDoesNotGive() throws Exception {
        fails(3, "destroy:baremetal:lab:example-pulumi",
                alice.run("destroy", "-f", program.toString(), "--env", "lab", "--yes"));
        Commands.Result denied = ok(admin.run("logs", "audit", "--user", "alice", "--result", "denied", "-o", "json"));
        assertTrue(denied.stdout().contains("destroy:baremetal:lab:example-pulumi"), denied.toString());
        // nobody without a role sees the stack or its runs: unknown and hidden answer alike
        String someRun = Json.tree(ok(admin.run("stacks", "history", STACK, "-o", "json")).stdout()).get(0).path("id").asText();
        Commands.Result hidden = bob.run("logs", "pulumi/" + someRun);
        Commands.Result unknown = bob.run("logs", "pulumi/0123456789abcdef");
        assertEquals(hidden.exitCode(), unknown.exitCode(), hidden + " / " + unknown);
        assertEquals(hidden.stderr().replace(someRun, "ID"), unknown.stderr().replace("0123456789abcdef", "ID"));
        fails(3, "read:baremetal:lab:example-pulumi", bob.run("stacks", "describe", STACK));
        fails(3, "apply:baremetal:lab:example-pulumi", bob.run("apply", "-f", program.toString(), "--env", "baremetal/lab",
                "--yes"));
        assertEquals("[]", Json.tree(ok(bob.run("stacks", "list", "-o", "json")).stdout()).toString());
        // and a plain apply without --yes, with no terminal to ask on, changes nothing
        fails(2, "pass --yes", admin.run("apply", "-f", program.toString(), "--env", "lab"));

        Commands.Result destroyed = ok(admin.run("destroy", "-f", program.toString(), "--env", "lab", "--yes"));
        assertTrue(destroyed.stdout().contains("- 7 deleted"), destroyed.toString());
        assertEquals(0, stack().path("outputs").size());
    }

    @Test
    @Order(9)
    void secretsAreNeverInALogARecordOrTheDatabase() throws Exception {
        assertFalse(labd.log().contains(SECRET), "labd's log");
        assertFalse(labd.output().contains(SECRET), "labd's output");
        for (JsonNode run : Json.tree(ok(admin.run("stacks", "history", STACK, "-o", "json")).stdout())) {
            Commands.Result log = admin.run("logs", "pulumi/" + run.path("id").asText(), "-o", "json");
            assertEquals(run.path("id").asText(), Json.tree(log.stdout()).path("id").asText(), log.toString());
            assertFalse(log.all().contains(SECRET), log.toString());
        }
        try (Connection db = DriverManager.getConnection(database.url(), "postgres", ""); Statement sql = db.createStatement()) {
            for (String query : new String[] {
                "SELECT settings || state FROM pulumi_stacks",
                "SELECT coalesce(outputs, '') || coalesce(error, '') FROM pulumi_runs",
                "SELECT text FROM pulumi_run_lines",
                "SELECT coalesce(details::text, '') FROM audit_log"}) {
                try (ResultSet rows = sql.executeQuery(query)) {
                    while (rows.next()) {
                        assertFalse(String.valueOf(rows.getString(1)).contains(SECRET), query + ": " + rows.getString(1));
                    }
                }
            }
            try (ResultSet settings = sql.executeQuery("SELECT settings FROM pulumi_stacks")) {
                assertTrue(settings.next());
                assertTrue(settings.getString(1).contains("secure: v1:"), "the secret is the engine's ciphertext: "
                        + settings.getString(1));
            }
        }
        try (Stream<Path> files = Files.walk(labd.data())) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")
                    || f.toString().endsWith(".json")).toList()) {
                assertFalse(Files.readString(file).contains(SECRET), file.toString());
            }
        }
    }

    @Test
    @Order(10)
    void badInputGetsAClearErrorAndChangesNothing() throws Exception {
        fails(4, "environment nowhere not found", admin.run("plan", "-f", program.toString(), "--env", "nowhere"));
        Path notJar = Files.writeString(dir.resolve("not-a-program.jar"), "hello");
        fails(2, "is not a jar", admin.run("plan", "-f", notJar.toString(), "--env", "lab"));
        fails(2, "has no Pulumi.yaml", admin.run("plan", "-f", dir.toString(), "--env", "lab"));
        fails(2, "--set takes KEY=VALUE", admin.run("plan", "-f", program.toString(), "--env", "lab", "--set", "novalue"));
        fails(2, "not a config key", admin.run("plan", "-f", program.toString(), "--env", "lab", "--set", "bad key=1"));
        fails(2, "not a stack name", admin.run("plan", "-f", program.toString(), "--env", "lab", "--stack", "Bad_Name"));
        // a jar whose SHA-256 is not the one its address names, and a jar that does not run, are refused
        byte[] jar = Files.readAllBytes(program);
        String wrong = "0".repeat(64);
        Http.Response mismatch = labd.admin().put(labd.url("/api/v1/stacks/baremetal/lab/example-pulumi/programs/" + wrong),
                "application/octet-stream", jar);
        assertEquals(400, mismatch.status(), mismatch.body());
        assertTrue(mismatch.body().contains("not " + wrong), mismatch.body());
        Http.Response unknownProgram = labd.admin().postUnchecked(labd.url("/api/v1/stacks/baremetal/lab/x/apply"),
                "{\"program\":\"" + wrong + "\",\"project\":\"x\"}");
        assertEquals(404, unknownProgram.status(), unknownProgram.body());
        fails(4, "stack baremetal/lab/x not found", admin.run("stacks", "describe", "baremetal/lab/x"));
        // an upload past labd's limit is refused before it is read (413), and nothing is kept
        byte[] huge = new byte[65 * 1024 * 1024 + 1];
        Http.Response tooLarge = labd.admin().put(labd.url("/api/v1/stacks/baremetal/lab/example-pulumi/programs/" + wrong),
                "application/octet-stream", huge);
        assertEquals(413, tooLarge.status(), tooLarge.body());
        // apply in lab is not apply in another environment
        ok(admin.run("create", "environment", "prod", "--cloud", "baremetal"));
        fails(3, "apply:baremetal:prod:example-pulumi", alice.run("apply", "-f", program.toString(), "--env", "baremetal/prod",
                "--yes"));
    }

    @Test
    @Order(11)
    void aProjectDirectoryIsAProgramToo() throws Exception {
        Path project = Files.createDirectories(dir.resolve("web"));
        Files.copy(program, project.resolve("app.jar"));
        Files.writeString(project.resolve("Pulumi.yaml"), "name: web\nruntime:\n  name: java\n  options:\n    binary: app.jar\n");
        Commands.Result applied = ok(alice.run("apply", "-f", project.toString(), "--env", "baremetal/lab", "--yes",
                "--set", "items=1"));
        assertTrue(applied.stdout().contains("+ 2 created"), applied.toString());
        assertTrue(applied.stderr().contains("of stack baremetal/lab/web"), applied.toString());
        JsonNode stacks = Json.tree(ok(alice.run("stacks", "list", "-o", "json")).stdout());
        assertEquals(2, stacks.size(), stacks.toString());
        assertNotEquals(stacks.get(0).path("name").asText(), stacks.get(1).path("name").asText());
    }

    @Test
    @Order(12)
    void aProgramReachesAClusterAsItsUserThroughTheProxy() throws Exception {
        try (KubeCluster kube = KubeCluster.start()) {
            kube.startControllers(); // deletions wait for the garbage collector (the provider deletes in the foreground)
            ok(admin.run("clusters", "add", "kc", "--kubeconfig", kube.kubeconfig().toString(), "--cloud", "baremetal",
                    "--env", "lab"));
            ok(kube.kubectl("create", "clusterrolebinding", "labd-admin", "--clusterrole=cluster-admin", "--user=admin"));
            // alice may apply in lab but not reach the cluster: refused before anything runs
            fails(3, "kubectl:baremetal:lab:kc", alice.run("apply", "-f", program.toString(), "--env", "lab", "--stack",
                    "kube", "--cluster", "kc", "--yes"));
            fails(4, "cluster/nope not found", admin.run("apply", "-f", program.toString(), "--env", "lab", "--stack", "kube",
                    "--cluster", "nope", "--yes"));

            Commands.Result applied = ok(admin.run("apply", "-f", program.toString(), "--env", "lab", "--stack", "kube",
                    "--cluster", "kc", "--yes", "--set", "namespace=default", "--set", "message=from-labd", "-o", "json"));
            assertEquals("default/example", Json.tree(applied.stdout()).path("outputs").path("configMap").asText(), applied.toString());
            Commands.Result map = ok(kube.kubectl("get", "configmap", "example", "-n", "default", "-o", "jsonpath={.data.message}"));
            assertEquals("from-labd", map.stdout().strip());
            // the cluster saw the labd user (impersonated by the proxy), and labd audited each request of the provider
            assertTrue(kube.auditEvents().stream().anyMatch(e -> "admin".equals(e.path("impersonatedUser").path("username").asText())
                    && e.path("objectRef").path("name").asText().equals("example")), "the cluster's audit log names admin");
            Commands.Result audit = ok(admin.run("logs", "audit", "--action", "kubectl", "-o", "json"));
            assertTrue(audit.stdout().contains("/k8s/kc/api/v1/namespaces/default/configmaps"), audit.toString());
            // the run's certificate is revoked and its kubeconfig gone once the run has ended
            try (Stream<Path> files = Files.walk(labd.data())) {
                assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("kubeconfig-")).toList());
            }
            JsonNode certificates = Json.tree(ok(admin.run("describe", "user/admin", "-o", "json")).stdout()).path("certificates");
            long revoked = java.util.stream.StreamSupport.stream(certificates.spliterator(), false)
                    .filter(c -> !c.path("revokedAt").isMissingNode() && !c.path("revokedAt").isNull()).count();
            assertTrue(revoked >= 1, "the run's certificate is revoked: " + certificates);

            // a second apply changes nothing; destroy (the stack remembers its cluster) removes the ConfigMap
            JsonNode again = Json.tree(ok(admin.run("apply", "-f", program.toString(), "--env", "lab", "--stack", "kube", "--yes",
                    "-o", "json")).stdout());
            assertEquals(1, again.path("changes").size(), again.toString());
            ok(admin.run("destroy", "-f", program.toString(), "--env", "lab", "--stack", "kube", "--yes"));
            Commands.Result gone = kube.kubectl("get", "configmap", "example", "-n", "default");
            assertNotEquals(0, gone.exitCode(), gone.toString());
        }
    }

    @Test
    @Order(13)
    void anotherLabdInstanceRunsTheSameStackFromTheDatabase() throws Exception {
        Path web = dir.resolve("web");
        try (LabdProcess second = database.labd("labd2").env("LABCTL_PULUMI_BIN", engine().toString())) {
            second.start().awaitHealthy();
            Labctl viaSecond = new Labctl(dir, second.adminConfig()).env("HOME", dir.toString());
            // the stack's checkpoint, config and program come from the database: nothing to change
            JsonNode noop = Json.tree(ok(viaSecond.run("apply", "-f", web.toString(), "--env", "baremetal/lab", "--yes",
                    "-o", "json")).stdout());
            assertEquals(2, noop.path("changes").path("same").asInt(), noop.toString());
            assertEquals(1, noop.path("changes").size(), noop.toString());
            assertEquals(1, noop.path("outputs").path("items").asInt(), "the config an apply on the first instance kept");
            // a run on one instance is followed from the other, and holds the stack for both
            Labctl.Started slow = alice.start(null, "apply", "-f", web.toString(), "--env", "baremetal/lab", "--yes",
                    "--set", "sleepSeconds=4", "--set", "items=2");
            String id = Await.until(Duration.ofSeconds(60), "the apply to start", () -> {
                Matcher started = STARTED.matcher(slow.stderr());
                return started.find() ? started.group(2) : null;
            });
            fails(1, "is busy: run " + id, viaSecond.run("apply", "-f", web.toString(), "--env", "baremetal/lab", "--yes"));
            Commands.Result followed = ok(viaSecond.run("logs", "pulumi/" + id, "-f"));
            assertTrue(followed.stdout().contains("+ 1 created"), followed.toString());
            assertEquals(0, slow.await(120).exitCode());
        }
    }

    /** tmux on its own server socket, for the interactive tests. */
    private static Commands.Result tmux(String socket, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        return Commands.run(dir, java.util.Map.of(), 30, command);
    }

    private static String screen(String socket) {
        return tmux(socket, "capture-pane", "-p", "-S", "-200", "-t", "t").stdout();
    }

    /** In a terminal: apply without --yes shows the plan and asks; Ctrl-C during a run asks, then cancels it cleanly. */
    @Test
    @Order(14)
    void inATerminalApplyAsksFirstAndCtrlCCancelsTheRunCleanly() throws Exception {
        String socket = "labctl-pulumi-" + ProcessHandle.current().pid();
        // the markers are typed as asked""-exited- so that the command line on the screen does not hold them
        String env = "env HOME=" + dir + " JAVA_HOME=" + Repo.javaHome() + " ";
        String ask = env + String.join(" ", admin.command("apply", "-f", program.toString(), "--env", "lab", "--set",
                "sleepSeconds=0", "--set", "items=2"));
        String slow = env + String.join(" ", admin.command("apply", "-f", program.toString(), "--env", "lab", "--yes",
                "--set", "sleepSeconds=40"));
        ok(tmux(socket, "new-session", "-d", "-s", "t", "-x", "150", "-y", "50", "bash --norc --noprofile"));
        try {
            ok(tmux(socket, "send-keys", "-t", "t", ask + "; echo asked\"\"-exited-$?", "Enter"));
            Await.until(Duration.ofSeconds(90), "the plan and the question", () -> screen(socket).contains("Apply these changes"));
            assertTrue(screen(socket).contains("to create"), screen(socket));
            ok(tmux(socket, "send-keys", "-t", "t", "y", "Enter"));
            Await.until(Duration.ofSeconds(90), "the apply", () -> screen(socket).contains("asked-exited-"));
            assertTrue(screen(socket).contains("asked-exited-0"), screen(socket));
            assertTrue(screen(socket).contains("created"), screen(socket));

            ok(tmux(socket, "send-keys", "-t", "t", "clear; " + slow + "; echo slow\"\"-exited-$?", "Enter"));
            String id = Await.until(Duration.ofSeconds(60), "the slow apply to start", () -> {
                Matcher started = STARTED.matcher(screen(socket));
                return started.find() ? started.group(2) : null;
            });
            ok(tmux(socket, "send-keys", "-t", "t", "C-c"));
            Await.until(Duration.ofSeconds(30), "the question", () -> screen(socket).contains("Cancel run " + id + "?"));
            ok(tmux(socket, "send-keys", "-t", "t", "y", "Enter"));
            Await.until(Duration.ofSeconds(90), "the cancelled run", () -> screen(socket).contains("slow-exited-"));
            assertTrue(screen(socket).contains("slow-exited-130"), screen(socket));
            assertEquals("cancelled", Json.tree(admin.run("logs", "pulumi/" + id, "-o", "json").stdout()).path("state").asText());
        } finally {
            tmux(socket, "kill-server");
        }
    }
}
