package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.KubeCluster;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.SharedDatabase;

/**
 * Apps (issue 19): the {@code labd} and {@code bastion} apps (apps/labd, apps/bastion: Java programs on pulumi-java and
 * pulumi-kubernetes) published to labd's catalog and installed through the real labctl, run by the real Pulumi engine
 * and Kubernetes provider against a real kube-apiserver with its controllers, whose pods kwok (a simulated node) runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppsIT {

    private static final String SECRET = "db-SECRET-pw-0815";
    private static final String NS = "labd-system";

    private static Path dir;
    private static SharedDatabase database;
    private static LabdProcess labd;
    private static KubeCluster kube;
    private static Labctl admin;
    private static Labctl alice;
    private static Labctl bob;
    private static Path labdApp;
    private static Path bastionApp;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("apps");
        labdApp = Repo.root().resolve("apps/labd/target/labd-app.jar");
        bastionApp = Repo.root().resolve("apps/bastion/target/bastion-app.jar");
        assertTrue(Files.isRegularFile(labdApp) && Files.isRegularFile(bastionApp), "the apps are not built (mvn install)");
        kube = KubeCluster.start();
        kube.startControllers(); // Deployments make pods, deletes finish (the provider deletes in the foreground)
        kube.startKwok();        // and a node runs the pods
        database = new SharedDatabase(dir);
        labd = database.labd("labd").env("LABCTL_PULUMI_BIN", PulumiIT.engine().toString());
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        ok(admin.run("create", "environment", "lab", "--cloud", "baremetal"));
        ok(admin.run("clusters", "add", "kc", "--kubeconfig", kube.kubeconfig().toString(), "--cloud", "baremetal",
                "--env", "lab"));
        ok(kube.kubectl("create", "clusterrolebinding", "labd-admin", "--clusterrole=cluster-admin", "--user=admin"));
        Path aliceConfig = dir.resolve("alice.labctl.yaml");
        ok(admin.run("create", "user", "alice", "--out", aliceConfig.toString()));
        // alice may apply and read in lab, and see the catalog, but neither reach the cluster nor destroy
        ok(admin.run("create", "role", "deployer", "--allow", "apply:*:lab:*", "--allow", "read:*:lab:*",
                "--allow", "read:*:*:apps"));
        ok(admin.run("bind", "role", "deployer", "--user", "alice"));
        alice = new Labctl(dir, aliceConfig).env("HOME", dir.toString());
        ok(admin.run("create", "environment", "prod", "--cloud", "baremetal"));
        Path bobConfig = dir.resolve("bob.labctl.yaml");
        ok(admin.run("create", "user", "bob", "--out", bobConfig.toString()));
        bob = new Labctl(dir, bobConfig).env("HOME", dir.toString());
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
        if (database != null) {
            database.close();
        }
        if (kube != null) {
            kube.close();
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

    private static String[] install(String... extra) {
        List<String> args = new ArrayList<>(List.of("apps", "install", "labd", "--env", "lab", "--cluster", "kc",
                "--set", "namespace=" + NS, "--set-string", "databasePassword=" + SECRET));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static JsonNode deployment() throws Exception {
        return Json.tree(ok(kube.kubectl("get", "deployment", "labd", "-n", NS, "-o", "json")).stdout());
    }

    private static int runs() throws Exception {
        try (Connection db = DriverManager.getConnection(database.url(), "postgres", ""); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM pulumi_runs")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    @Order(1)
    void appsArePublishedToTheCatalogOnce() throws Exception {
        fails(3, "manage:*:*:apps", alice.run("apps", "publish", labdApp.toString()));
        Commands.Result published = ok(admin.run("apps", "publish", labdApp.toString(), "-o", "json"));
        JsonNode info = Json.tree(published.stdout());
        assertEquals("labd", info.path("name").asText(), published.toString());
        assertTrue(info.path("inputs").path("properties").path("databasePassword").path("secret").asBoolean(), info.toString());
        assertTrue(published.stderr().contains("sending"), "the jar was sent: " + published);
        // the same jar again: labd has it, nothing is sent and nothing changes
        Commands.Result again = ok(admin.run("apps", "publish", labdApp.toString()));
        assertFalse(again.stderr().contains("sending"), again.toString());
        ok(admin.run("apps", "publish", bastionApp.toString()));
        // a plain program is no app; a file that is not there is said so
        fails(2, "carries no META-INF/labctl/app.yaml", admin.run("apps", "publish",
                Repo.root().resolve("tests/example-pulumi/target/example-pulumi.jar").toString()));
        fails(1, "does not exist", admin.run("apps", "publish", dir.resolve("nope.jar").toString()));

        JsonNode catalog = Json.tree(ok(alice.run("apps", "catalog", "-o", "json")).stdout());
        assertEquals(List.of("bastion", "labd"), List.of(catalog.get(0).path("name").asText(),
                catalog.get(1).path("name").asText()), catalog.toString());
        Commands.Result shown = ok(alice.run("apps", "catalog", "labd"));
        assertTrue(shown.stdout().contains("databasePassword") && shown.stdout().contains("(secret)"), shown.toString());
        assertTrue(shown.stdout().contains("kubectl on cluster (the one it is installed on)"), shown.toString());
        fails(4, "app nope is not in the catalog", admin.run("apps", "catalog", "nope"));
    }

    @Test
    @Order(2)
    void valuesAndPermissionsAreCheckedBeforeAnythingRuns() throws Exception {
        int before = runs();
        fails(2, "replicas", admin.run(install("--set", "replicas=0")));
        fails(2, "nothing ran", admin.run(install("--set", "replicas=many")));
        fails(2, "databasePassword", admin.run("apps", "install", "labd", "--env", "lab", "--cluster", "kc"));
        fails(2, "colour", admin.run(install("--set", "colour=red")));
        // a value may not set another package's config (the provider's kubeconfig, say)
        fails(2, "another package's config", admin.run(install("--set", "kubernetes:kubeconfig=/etc/passwd")));
        fails(2, "give --cluster", admin.run("apps", "install", "labd", "--env", "lab", "--set-string",
                "databasePassword=" + SECRET));
        Path values = Files.writeString(dir.resolve("bad.yaml"), "- not\n- a map\n");
        fails(2, "not a YAML map", admin.run(install("-f", values.toString())));
        fails(1, "does not exist", admin.run(install("-f", dir.resolve("missing.yaml").toString())));
        // alice may apply in lab, but the app declares kubectl on the cluster, which she lacks
        fails(3, "declares a permission you lack", alice.run(install()));
        fails(4, "app nope is not in the catalog", admin.run("apps", "install", "nope", "--env", "lab"));
        fails(4, "environment nowhere not found", admin.run("apps", "install", "labd", "--env", "nowhere"));
        // alice's role is lab's: prod is out of her reach; values past 64 KiB are refused whole
        fails(4, "environment prod not found", alice.run("apps", "install", "labd", "--env", "prod", "--cluster", "kc",
                "--set-string", "databasePassword=" + SECRET));
        fails(3, "apply:baremetal:prod:labd", alice.run("apps", "install", "labd", "--env", "baremetal/prod", "--cluster",
                "kc", "--set-string", "databasePassword=" + SECRET));
        fails(2, "larger than 64 KiB", admin.run(install("--set-string", "image=" + "x".repeat(70_000))));
        assertEquals(before, runs(), "no run was started");
        // a secret value never comes back in an error
        Commands.Result shortSecret = fails(2, "databasePassword", admin.run("apps", "install", "labd", "--env", "lab",
                "--cluster", "kc", "--set-string", "databasePassword=abc4567"));
        assertFalse(shortSecret.all().contains("abc4567"), shortSecret.toString());
    }

    @Test
    @Order(3)
    void installCreatesTheAppOnTheRealApiServer() throws Exception {
        Commands.Result installed = ok(admin.run(install("-o", "json")));
        JsonNode release = Json.tree(installed.stdout());
        assertEquals("deployed", release.path("status").asText(), installed.toString());
        assertEquals(1, release.path("current").path("revision").asInt());
        assertEquals("[secret]", release.path("current").path("values").path("databasePassword").asText());
        assertEquals("https://labd." + NS + ".svc:8443", release.path("outputs").path("url").asText(), release.toString());

        JsonNode deployment = deployment();
        assertEquals(1, deployment.path("spec").path("replicas").asInt());
        assertEquals("labd", deployment.path("metadata").path("labels").path("app.kubernetes.io/instance").asText());
        assertEquals("ghcr.io/labctl/labd:0.1.0", deployment.path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText());
        // its pod runs (on kwok's node): the Deployment is available
        Await.until(Duration.ofSeconds(60), "the labd Deployment available", () -> {
            try {
                return deployment().path("status").path("availableReplicas").asInt() == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ok(kube.kubectl("get", "service", "labd", "-n", NS));
        String config = ok(kube.kubectl("get", "configmap", "labd-config", "-n", NS, "-o", "json")).stdout();
        assertTrue(config.contains("jdbc:postgresql://"), config);
        assertFalse(config.contains(SECRET), "the ConfigMap holds no secret");
        String secret = ok(kube.kubectl("get", "secret", "labd-secrets", "-n", NS, "-o",
                "jsonpath={.data.database\\.password}")).stdout().strip();
        assertEquals(SECRET, new String(java.util.Base64.getDecoder().decode(secret)));
        // installed once: a second install is told to upgrade
        fails(1, "labctl apps upgrade labd", admin.run(install()));
        fails(1, "labctl apps upgrade labd", admin.run(install("--dry-run")));
        // a plain apply cannot take over the release's stack: its history and values stay whole
        fails(1, "is app release labd", admin.run("apply", "-f", labdApp.toString(), "--env", "lab", "--stack", "labd",
                "--yes"));
        // bob has no role: the release and one that does not exist answer alike, and his list is empty
        Commands.Result hidden = bob.run("apps", "status", "labd", "--env", "baremetal/lab");
        Commands.Result unknown = bob.run("apps", "status", "nope", "--env", "baremetal/lab");
        assertEquals(3, hidden.exitCode(), hidden.toString());
        assertEquals(hidden.stderr().replaceAll("([:/])labd\\b", "$1NAME"),
                unknown.stderr().replaceAll("([:/])nope\\b", "$1NAME"));
        assertEquals("[]", Json.tree(ok(bob.run("apps", "list", "-o", "json")).stdout()).toString());
        Commands.Result listed = ok(alice.run("apps", "list"));
        assertTrue(listed.stdout().contains("baremetal/lab") && listed.stdout().contains("deployed"), listed.toString());
    }

    @Test
    @Order(4)
    void anUpgradeShowsItsPlanFirstAndEveryRevisionIsKeptWithItsValues() throws Exception {
        int before = runs();
        fails(2, "pass --yes", admin.run("apps", "upgrade", "labd", "--env", "lab", "--set", "replicas=2"));
        assertEquals(before, runs(), "refused before any run");
        // a dry run shows the change and changes nothing
        Commands.Result planned = ok(admin.run("apps", "upgrade", "labd", "--env", "lab", "--set", "replicas=2",
                "--dry-run"));
        assertTrue(planned.stdout().contains("~ 1 to update") || planned.stdout().contains("1 to update"), planned.toString());
        assertEquals(1, deployment().path("spec").path("replicas").asInt());

        ok(admin.run("apps", "upgrade", "labd", "--env", "lab", "--set", "replicas=2", "--yes"));
        assertEquals(2, deployment().path("spec").path("replicas").asInt());
        Path values = Files.writeString(dir.resolve("values.yaml"), "image: ghcr.io/labctl/labd:0.2.0\n"
                + "resources:\n  memory: 1Gi\n");
        ok(admin.run("apps", "upgrade", "labd", "--env", "lab", "-f", values.toString(), "--yes"));
        JsonNode deployment = deployment();
        assertEquals(2, deployment.path("spec").path("replicas").asInt(), "the values given before stay");
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertEquals("ghcr.io/labctl/labd:0.2.0", container.path("image").asText());
        assertEquals("1Gi", container.path("resources").path("limits").path("memory").asText());
        assertEquals("500m", container.path("resources").path("limits").path("cpu").asText(), "a default beside it stays");

        Commands.Result history = ok(admin.run("apps", "history", "labd", "--env", "lab", "-o", "json"));
        JsonNode revisions = Json.tree(history.stdout());
        assertEquals(3, revisions.size(), history.toString());
        assertEquals(List.of(3, 2, 1), List.of(revisions.get(0).path("revision").asInt(),
                revisions.get(1).path("revision").asInt(), revisions.get(2).path("revision").asInt()));
        assertEquals("upgrade", revisions.get(0).path("kind").asText());
        assertEquals("admin", revisions.get(0).path("user").asText());
        assertEquals(2, revisions.get(1).path("values").path("replicas").asInt());
        assertEquals(1, revisions.get(2).path("values").path("replicas").asInt());
        assertEquals("[secret]", revisions.get(2).path("values").path("databasePassword").asText());
        assertFalse(history.all().contains(SECRET), history.toString());
        Commands.Result table = ok(admin.run("apps", "history", "labd", "--env", "lab"));
        assertTrue(table.stdout().contains("install") && table.stdout().contains("upgrade"), table.toString());
    }

    @Test
    @Order(5)
    void aFailedUpgradeIsRecordedAndARollbackAppliesAnEarlierRevisionAgain() throws Exception {
        // a namespace that does not exist, and is not to be made: the API server refuses, the run fails
        Commands.Result failed = admin.run("apps", "upgrade", "labd", "--env", "lab", "--set", "namespace=nowhere",
                "--set", "createNamespace=false", "--yes");
        assertEquals(1, failed.exitCode(), failed.toString());
        JsonNode status = Json.tree(ok(admin.run("apps", "status", "labd", "--env", "lab", "-o", "json")).stdout());
        assertEquals("failed", status.path("status").asText(), status.toString());
        assertEquals(4, status.path("current").path("revision").asInt());
        assertEquals(2, deployment().path("spec").path("replicas").asInt(), "the running app is as it was");

        ok(admin.run("apps", "rollback", "labd", "1", "--env", "lab", "--yes"));
        JsonNode deployment = deployment();
        assertEquals(1, deployment.path("spec").path("replicas").asInt());
        assertEquals("ghcr.io/labctl/labd:0.1.0", deployment.path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText());
        JsonNode after = Json.tree(ok(admin.run("apps", "status", "labd", "--env", "lab", "-o", "json")).stdout());
        assertEquals("deployed", after.path("status").asText());
        assertEquals(5, after.path("current").path("revision").asInt());
        assertEquals("rollback", after.path("current").path("kind").asText());
        assertEquals(1, after.path("current").path("rollbackOf").asInt());
        // the rollback re-applied revision 1's secret too: the Secret still holds it
        String secret = ok(kube.kubectl("get", "secret", "labd-secrets", "-n", NS, "-o",
                "jsonpath={.data.database\\.password}")).stdout().strip();
        assertEquals(SECRET, new String(java.util.Base64.getDecoder().decode(secret)));
        fails(4, "no revision 9", admin.run("apps", "rollback", "labd", "9", "--env", "lab", "--yes"));
    }

    @Test
    @Order(6)
    void theBastionAppRunsAHostNetworkPod() throws Exception {
        Commands.Result installed = ok(admin.run("apps", "install", "bastion", "--env", "lab", "--cluster", "kc",
                "--set", "namespace=" + NS, "--set", "createNamespace=false", "--set", "port=3022", "-o", "json"));
        assertEquals("deployed", Json.tree(installed.stdout()).path("status").asText(), installed.toString());
        JsonNode pod = Json.tree(ok(kube.kubectl("get", "pod", "bastion", "-n", NS, "-o", "json")).stdout());
        assertTrue(pod.path("spec").path("hostNetwork").asBoolean(), pod.toString());
        assertEquals(3022, pod.path("spec").path("containers").get(0).path("ports").get(0).path("hostPort").asInt());
        assertEquals("bastion", pod.path("metadata").path("labels").path("app.kubernetes.io/instance").asText());
        Await.until(Duration.ofSeconds(60), "the bastion pod running", () -> "Running".equals(Json.tree(
                ok(kube.kubectl("get", "pod", "bastion", "-n", NS, "-o", "json")).stdout()).path("status").path("phase")
                .asText()));
        // labctl logs app/NAME finds the release's pod by its instance label (kwok serves its log)
        kube.appendPodLog("bastion listening on 3022");
        Commands.Result logs = ok(admin.run("logs", "app/bastion", "--cluster", "kc", "-n", NS));
        assertTrue(logs.stdout().contains("[pod/bastion/bastion] bastion listening on 3022"), logs.toString());
        JsonNode listed = Json.tree(ok(admin.run("apps", "list", "--env", "lab", "-o", "json")).stdout());
        assertEquals(2, listed.size(), listed.toString());
    }

    @Test
    @Order(7)
    void uninstallNeedsDestroyAndRemovesWhatTheAppMade() throws Exception {
        fails(3, "destroy:baremetal:lab:bastion", alice.run("apps", "uninstall", "bastion", "--env", "lab", "--yes"));
        fails(2, "pass --yes", admin.run("apps", "uninstall", "bastion", "--env", "lab"));
        ok(admin.run("apps", "uninstall", "bastion", "--env", "lab", "--yes"));
        Await.until(Duration.ofSeconds(60), "the bastion pod gone", () -> kube.kubectl("get", "pod", "bastion", "-n", NS)
                .exitCode() != 0);
        JsonNode status = Json.tree(ok(admin.run("apps", "status", "bastion", "--env", "lab", "-o", "json")).stdout());
        assertEquals("uninstalled", status.path("status").asText(), status.toString());
        fails(4, "was uninstalled", admin.run("apps", "upgrade", "bastion", "--env", "lab", "--yes"));
        // the labd release is untouched, and its history stays whole
        assertEquals(1, deployment().path("spec").path("replicas").asInt());
        assertEquals(2, Json.tree(ok(admin.run("apps", "history", "bastion", "--env", "lab", "-o", "json")).stdout()).size());
    }

    @Test
    @Order(8)
    void secretsAreNeverInALogARecordOrTheDatabase() throws Exception {
        assertFalse(labd.log().contains(SECRET), "labd's log");
        assertFalse(labd.output().contains(SECRET), "labd's output");
        try (Connection db = DriverManager.getConnection(database.url(), "postgres", ""); Statement sql = db.createStatement()) {
            for (String query : new String[] {
                "SELECT settings || state FROM pulumi_stacks",
                "SELECT coalesce(outputs, '') || coalesce(error, '') FROM pulumi_runs",
                "SELECT text FROM pulumi_run_lines",
                "SELECT given || effective || encode(coalesce(secrets_sealed, ''::bytea), 'escape') FROM pulumi_app_revisions",
                "SELECT coalesce(details::text, '') FROM audit_log"}) {
                try (ResultSet rows = sql.executeQuery(query)) {
                    while (rows.next()) {
                        assertFalse(String.valueOf(rows.getString(1)).contains(SECRET), query + ": " + rows.getString(1));
                    }
                }
            }
        }
    }
}
