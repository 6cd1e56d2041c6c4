package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.HostFacts;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Ports;
import org.labctl.tests.harness.Repo;

/**
 * A bastion inside a real labd, configured while labd runs (a ConfigAdmin file dropped into
 * {@code etc/}), driven through the real labctl: a machine is discovered by fetching its iPXE
 * script, assigned with {@code labctl provision install}, served its kickstart, and the join token
 * of that kickstart enrolls a real lab-agent as the requested host in the bastion's environment;
 * {@code reprovision} deletes that server and revokes its certificate. RBAC and the audit log see
 * every call. The DHCP and TFTP servers are off here (they need a network of their own: see the
 * bastion module's namespace tests and the VM boot test); HTTP is what installers talk to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisionIT {

    private static final Pattern TOKEN = Pattern.compile("--token '([^']+)'");
    /** Another address of this machine, as a thief on another host would have (all of 127.0.0.0/8 is loopback). */
    private static final String THIEF = "127.0.0.2";
    private static LabdProcess labd;
    private static Path dir;
    private static Labctl admin;
    private static String bastion;
    private static String mac;
    private static AgentProcess agent;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("provision");
        labd = LabdProcess.unpack(dir);
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        // the MAC lab-agent reports, which a kickstart's token is bound to: this machine's first interface
        mac = HostFacts.primaryMac().orElse("52:54:00:12:34:56");
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (labd != null) {
            labd.close();
        }
    }

    @Test
    @Order(1)
    void aBastionConfiguredWhileLabdRunsStartsAndOwnsItsEnvironment() throws IOException {
        Commands.Result none = admin.run("provision", "list");
        assertEquals(4, none.exitCode(), none.toString());
        assertTrue(none.stderr().contains("no bastion that you may see"), none.stderr());

        Path boot = Files.createDirectories(dir.resolve("boot"));
        Files.writeString(boot.resolve("vmlinuz"), "kernel");
        Files.writeString(boot.resolve("initrd.img"), "initrd");
        int port = Ports.free();
        bastion = "http://127.0.0.1:" + port;
        Path cfg = labd.home().resolve("etc/org.labctl.bastion.cfg");
        Files.writeString(cfg.resolveSibling("bastion.tmp"), String.join("\n",
                "environment = lab",
                "http.port = " + port,
                "labd.url = " + labd.url("").replaceAll("/$", ""),
                "boot.dir = " + boot,
                "installer.repo = http://mirror.example/rocky/9/",
                ""));
        Files.move(cfg.resolveSibling("bastion.tmp"), cfg);

        Await.until(Duration.ofSeconds(60), "the bastion of lab answers", () -> admin.run("provision", "list").exitCode() == 0);
        JsonNode bastions = Json.tree(ok(admin.run("get", "environments", "lab", "-o", "json")).stdout());
        assertEquals("baremetal", bastions.path("cloud").asText(), bastions.toString());
        assertEquals(0, Json.tree(ok(admin.run("provision", "list", "-o", "json")).stdout()).size());
        JsonNode listed = Json.tree(ok(admin.run("get", "bastions", "-o", "json")).stdout());
        assertEquals("lab", listed.get(0).path("environment").asText(), listed.toString());
        assertEquals("off", listed.get(0).path("dhcp").asText(), listed.toString());
    }

    @Test
    @Order(2)
    void aMachineThatAsksForItsScriptIsDiscoveredAndWaits() throws Exception {
        HttpResponse<String> script = get("/boot/" + mac + ".ipxe");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("is not assigned yet"), script.body());
        JsonNode machines = Json.tree(ok(admin.run("provision", "list", "-o", "json")).stdout());
        assertEquals(1, machines.size(), machines.toString());
        assertEquals(mac, machines.get(0).path("mac").asText());
        assertEquals("discovered", machines.get(0).path("state").asText());
        String table = ok(admin.run("provision", "list")).stdout();
        assertTrue(table.lines().anyMatch(line -> line.startsWith(mac) && line.contains("discovered")), table);
        assertEquals(409, get("/ks/" + mac + ".cfg").statusCode(), "no kickstart before an assignment");
    }

    @Test
    @Order(3)
    void badRequestsAreRefusedWithWhatToDo() {
        Commands.Result badMac = admin.run("provision", "install", "not-a-mac", "web-9", "--role", "worker");
        assertEquals(2, badMac.exitCode(), badMac.toString());
        assertTrue(badMac.stderr().contains("52:54:00:12:34:56"), "says what a MAC address looks like: " + badMac.stderr());
        Commands.Result badRole = admin.run("provision", "install", mac, "web-9", "--role", "boss");
        assertEquals(2, badRole.exitCode(), badRole.toString());
        assertTrue(badRole.stderr().contains("worker or infra"), badRole.stderr());
        Commands.Result badHost = admin.run("provision", "install", mac, "Web_9!", "--role", "worker");
        assertEquals(2, badHost.exitCode(), badHost.toString());
        Commands.Result noRole = admin.run("provision", "install", mac, "web-9");
        assertEquals(2, noRole.exitCode(), noRole.toString());
        Commands.Result otherEnv = admin.run("provision", "list", "--env", "prod");
        assertEquals(4, otherEnv.exitCode(), otherEnv.toString());
        assertTrue(otherEnv.stderr().contains("it runs lab"), otherEnv.stderr());
        JsonNode machines = Json.tree(ok(admin.run("provision", "list", "-o", "json")).stdout());
        assertEquals("discovered", machines.get(0).path("state").asText(), "nothing changed: " + machines);
    }

    @Test
    @Order(4)
    void onlyManageOnTheEnvironmentAssignsAndEveryCallIsAudited() throws IOException {
        Path reader = dir.resolve("reader.labctl.yaml");
        ok(admin.run("create", "user", "reader", "--out", reader.toString()));
        ok(admin.run("create", "role", "lab-reader", "--allow", "read:baremetal:lab:*"));
        ok(admin.run("bind", "role", "lab-reader", "--user", "reader"));
        Labctl asReader = new Labctl(dir, reader).env("HOME", dir.toString());
        assertTrue(ok(asReader.run("provision", "list")).stdout().contains(mac));
        Commands.Result denied = asReader.run("provision", "install", mac, "web-9", "--role", "worker");
        assertEquals(3, denied.exitCode(), denied.toString());
        assertTrue(denied.stderr().contains("manage:baremetal:lab"), denied.stderr());

        Path stranger = dir.resolve("stranger.labctl.yaml");
        ok(admin.run("create", "user", "stranger", "--out", stranger.toString()));
        Commands.Result hidden = new Labctl(dir, stranger).env("HOME", dir.toString()).run("provision", "list");
        assertEquals(4, hidden.exitCode(), "a user who may read no bastion sees none: " + hidden);

        String audit = ok(admin.run("logs", "audit", "--user", "reader", "-o", "json")).stdout();
        assertTrue(audit.contains("\"denied\"") && audit.contains("/api/v1/bastions/lab/machines/"), audit);
    }

    @Test
    @Order(5)
    void anInstallServesAKickstartWhoseTokenEnrollsTheAgentAsTheHost() throws Exception {
        String assigned = ok(admin.run("provision", "install", mac, "web-9", "--role", "worker")).stdout();
        assertTrue(assigned.contains("installed as web-9"), assigned);
        HttpResponse<String> script = get("/boot/" + mac + ".ipxe");
        assertTrue(script.body().contains("inst.ks=" + "http://127.0.0.1:"), script.body());

        // anyone who reaches the bastion's port may name the MAC: the kickstart goes only where the machine booted from
        Commands.Result stolen = curlFrom(THIEF, bastion + "/ks/" + mac + ".cfg");
        assertTrue(stolen.stdout().endsWith("403"), "a kickstart asked for from another address is refused: " + stolen);
        assertFalse(TOKEN.matcher(stolen.stdout()).find(), stolen.stdout());
        assertEquals("pending-install", state(), "the machine still waits for its own installer");
        assertTrue(ok(admin.run("logs", "bastion/lab", "--mac", mac)).stdout().contains("kickstart refused to " + THIEF),
                "the bastion's log tells the refusal");

        HttpResponse<String> kickstart = get("/ks/" + mac + ".cfg");
        assertEquals(200, kickstart.statusCode(), kickstart.body());
        Matcher token = TOKEN.matcher(kickstart.body());
        assertTrue(token.find(), kickstart.body());
        assertEquals("installing", state());

        // the token alone does not enroll from another address: labd compares the connection's address with the token's
        Commands.Result rogue = enrollFrom(THIEF, token.group(1), "web-9", mac);
        assertTrue(rogue.stdout().endsWith("403"), "an enrollment from another address is refused: " + rogue);
        assertFalse(rogue.stdout().contains(token.group(1)), "the refusal does not repeat the token: " + rogue);
        assertEquals(4, admin.run("get", "servers", "web-9").exitCode(), "nothing enrolled");
        JsonNode refusals = Json.tree(ok(admin.run("logs", "audit", "-o", "json")).stdout());
        boolean audited = false;
        for (JsonNode row : refusals) {
            audited |= row.toString().contains("/api/v1/enroll") && row.toString().contains("denied") && row.toString().contains(THIEF);
        }
        assertTrue(audited, "the refused enrollment is audited with its source address: " + refusals);
        assertFalse(refusals.toString().contains(token.group(1).substring(token.group(1).length() - 20)),
                "no token secret in the audit log");
        assertFalse(Files.readString(labd.home().resolve("data/log/karaf.log")).contains(token.group(1)), "nor in labd's log");

        Assumptions.assumeTrue(HostFacts.primaryMac().isPresent(), "this machine has no network interface with a MAC address to bind a token to");
        agent = AgentProcess.enroll(dir, labd, "web-9", token.group(1)).start();
        Await.until(Duration.ofSeconds(60), "web-9 Ready", () -> Json.tree(labd.get("/api/v1/servers/web-9").body())
                .path("server").path("status").asText().equals("Ready"));
        JsonNode server = Json.tree(ok(admin.run("get", "servers", "web-9", "-o", "json")).stdout());
        assertEquals("lab", server.path("environment").asText(), server.toString());
        assertEquals("baremetal", server.path("cloud").asText(), server.toString());
        assertEquals("worker", server.path("role").asText(), server.toString());

        HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(URI.create(bastion + "/callback/" + mac + "?status=installed"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, done.statusCode(), done.body());
        assertEquals("installed", state());
        assertTrue(get("/boot/" + mac + ".ipxe").body().contains("booting from its disk"));
    }

    @Test
    @Order(6)
    void anInstalledMachineIsNotWipedByMistakeAndAReprovisionRevokesItsAgent() throws Exception {
        Commands.Result again = admin.run("provision", "install", mac, "web-9", "--role", "worker");
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains("reprovision"), again.stderr());
        assertEquals("installed", state());

        String reprovisioned = ok(admin.run("provision", "reprovision", mac, "web-9", "--role", "worker")).stdout();
        assertTrue(reprovisioned.contains("kept"), reprovisioned);
        assertEquals("pending-reprovision", state());
        assertEquals(4, admin.run("get", "servers", "web-9").exitCode(), "the old server is deleted");
        if (agent != null) {
            Await.until(Duration.ofSeconds(30), "the old agent refused", () -> agent.log().contains("revoked")
                    || agent.log().contains("1008") || !agent.alive());
        }
        HttpResponse<String> kickstart = get("/ks/" + mac + ".cfg");
        assertEquals(200, kickstart.statusCode());
        assertTrue(kickstart.body().contains("--useexisting --noformat"), "the data volumes are kept");
    }

    @Test
    @Order(7)
    void theBastionLogTellsEachMachinesStoryAndFollows() throws Exception {
        List<String> lines = ok(admin.run("logs", "bastion/lab", "--mac", mac)).stdout().lines().toList();
        assertTrue(lines.stream().allMatch(line -> line.split(" ")[1].equals(mac)), lines.toString());
        for (String event : List.of("boot script: wait", "install of web-9 as worker requested by admin", "kickstart served",
                "installed as web-9", "reprovision of web-9")) {
            assertTrue(lines.stream().anyMatch(line -> line.contains(event)), event + " in " + lines);
        }
        assertEquals(2, ok(admin.run("logs", "bastion/lab", "-n", "2")).stdout().lines().count());

        Labctl.Started follow = admin.start(null, "logs", "bastion/lab", "--mac", mac, "-f", "-n", "0");
        try {
            Await.until(Duration.ofSeconds(20), "following", () -> {
                try {
                    get("/boot/" + mac + ".ipxe");
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
                return follow.stdout().contains("boot script: local (installing)");
            });
        } finally {
            follow.process().destroy();
        }
        assertFalse(follow.stdout().contains("bastion started"), "only the machine's lines: " + follow.stdout());
    }

    @Test
    @Order(8)
    void aForgottenMachineStartsOverAsDiscovered() throws Exception {
        assertTrue(tokenStates(mac).contains("active"), "the reprovision's kickstart token, not used yet: " + tokenStates(mac));
        ok(admin.run("provision", "forget", mac));
        assertFalse(tokenStates(mac).contains("active"), "forget revokes the machine's unused kickstart token: " + tokenStates(mac));
        assertEquals(0, Json.tree(ok(admin.run("provision", "list", "-o", "json")).stdout()).size());
        assertEquals(4, admin.run("provision", "forget", mac).exitCode());
        get("/boot/" + mac + ".ipxe");
        assertEquals("discovered", state());
        assertNotEquals(0, admin.run("provision", "reprovision", mac, "web-9", "--role", "worker").exitCode(),
                "a discovered machine has nothing to keep");
    }

    @Test
    @Order(9)
    void aReprovisionKeepsItsRoleSaysOnlyWhatHappenedAndRevokesTheTokensItMadeUseless() throws Exception {
        String node = "52:54:00:aa:bb:03";
        ok(admin.run("provision", "install", node, "node-3", "--role", "worker"));
        installedWithoutEnrolling(node);
        assertEquals(List.of("active"), tokenStates(node), "its kickstart's token, never used (the agent did not enroll)");

        Commands.Result infra = admin.run("provision", "reprovision", node, "node-3", "--role", "infra");
        assertEquals(1, infra.exitCode(), "a worker has no labvg/rancher to keep: " + infra);
        assertTrue(infra.stderr().contains("provision install " + node + " node-3 --role infra")
                && infra.stderr().contains("forget"), "says what to do instead (a fresh install): " + infra.stderr());
        assertEquals("installed", state(node), "nothing changed");

        ok(admin.run("provision", "reprovision", node, "node-3", "--role", "worker"));
        assertFalse(tokenStates(node).contains("active"), "the reprovision revokes the old unused token: " + tokenStates(node));
        String story = ok(admin.run("logs", "bastion/lab", "--mac", node)).stdout();
        assertFalse(story.contains("server node-3 deleted"), "no server node-3 was enrolled, none was deleted: " + story);
        assertTrue(story.contains("reprovision of node-3 as worker requested by admin"), story);

        get("/boot/" + node + ".ipxe");
        assertEquals(200, get("/ks/" + node + ".cfg").statusCode());
        assertEquals(List.of("revoked", "active").stream().sorted().toList(), tokenStates(node).stream().sorted().toList());
        ok(admin.run("provision", "forget", node));
        assertFalse(tokenStates(node).contains("active"), "forget revokes the new one: " + tokenStates(node));
    }

    @Test
    @Order(10)
    void anAssignmentTouchesOnlyServersOfTheBastionsEnvironment() throws Exception {
        String node = "52:54:00:aa:bb:01";
        ok(admin.run("provision", "install", node, "web-7", "--role", "worker"));
        installedWithoutEnrolling(node);
        // meanwhile another team enrolls a web-7 of their own, in aws/prod
        ok(admin.run("create", "cloud", "aws"));
        ok(admin.run("create", "environment", "prod", "--cloud", "aws"));
        String prodToken = ok(admin.run("create", "token", "--cloud", "aws", "--env", "prod")).stdout().trim();
        AgentProcess.enroll(dir, labd, "web-7", prodToken);

        Path rackConfig = dir.resolve("rack.labctl.yaml");
        ok(admin.run("create", "user", "rack", "--out", rackConfig.toString()));
        ok(admin.run("create", "role", "lab-operator", "--allow", "manage:baremetal:lab:*", "--allow", "read:baremetal:lab:*"));
        ok(admin.run("bind", "role", "lab-operator", "--user", "rack"));
        Labctl rack = new Labctl(dir, rackConfig).env("HOME", dir.toString());
        assertEquals(3, rack.run("delete", "server", "web-7").exitCode(), "rack may not delete aws/prod's web-7");

        Commands.Result reprovision = rack.run("provision", "reprovision", node, "web-7", "--role", "worker", "--env", "lab");
        assertEquals(1, reprovision.exitCode(), "a hostname held outside baremetal/lab is a conflict: " + reprovision);
        assertTrue(reprovision.stderr().contains("web-7") && reprovision.stderr().contains("outside baremetal/lab"),
                reprovision.stderr());
        assertFalse(reprovision.stderr().contains("prod"), "a server the caller may not read is not described: " + reprovision);
        JsonNode kept = Json.tree(ok(admin.run("get", "servers", "web-7", "-o", "json")).stdout());
        assertEquals("prod", kept.path("environment").asText(), "aws/prod's web-7 is still there: " + kept);
        assertEquals("installed", state(node), "the refused reprovision changed nothing");

        // the bastion's own agent certificate is held to its environment too (a standalone bastion's POST …/assignments)
        String bastionToken = ok(admin.run("create", "token", "--env", "lab", "--label", "labctl.org/bastion=true")).stdout().trim();
        AgentProcess lab = AgentProcess.enroll(dir, labd, "bastion-lab", bastionToken);
        org.labctl.tests.harness.Http asBastion = new org.labctl.tests.harness.Http(org.labctl.tests.harness.Tls.context(
                org.labctl.tests.harness.Tls.certificate(Files.readString(lab.data().resolve("ca.crt"))),
                org.labctl.tests.harness.Tls.certificate(Files.readString(lab.data().resolve("agent.crt"))),
                org.labctl.tests.harness.Tls.privateKey(Files.readString(lab.data().resolve("agent.key")))));
        org.labctl.tests.harness.Http.Response taken = asBastion.post(labd.url("/api/v1/bastions/lab/assignments"),
                "{\"mac\":\"" + node + "\",\"hostname\":\"web-7\",\"previous\":\"web-7\",\"by\":\"test\"}");
        assertEquals(409, taken.status(), taken.body());
        org.labctl.tests.harness.Http.Response other = asBastion.post(labd.url("/api/v1/bastions/lab/assignments"),
                "{\"mac\":\"" + node + "\",\"hostname\":\"node-4\",\"previous\":\"web-7\",\"by\":\"test\"}");
        assertEquals(200, other.status(), other.body());
        assertTrue(Json.tree(other.body()).path("deleted").isNull(), "nothing of baremetal/lab was deleted: " + other.body());
        assertEquals(0, admin.run("get", "servers", "web-7").exitCode(), "aws/prod's web-7 survives the bastion's call");
    }

    /** The machine fetches its script and kickstart and reports its installation, without enrolling its agent. */
    private static void installedWithoutEnrolling(String node) throws Exception {
        get("/boot/" + node + ".ipxe");
        HttpResponse<String> kickstart = get("/ks/" + node + ".cfg");
        assertEquals(200, kickstart.statusCode(), kickstart.body());
        HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(URI.create(bastion + "/callback/" + node + "?status=installed"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, done.statusCode(), done.body());
        assertEquals("installed", state(node));
    }

    /** The states of the join tokens bound to this MAC address. */
    private static List<String> tokenStates(String node) {
        List<String> states = new java.util.ArrayList<>();
        for (JsonNode token : Json.tree(ok(admin.run("get", "tokens", "-o", "json")).stdout())) {
            if (node.equals(token.path("mac").asText())) {
                states.add(token.path("state").asText());
            }
        }
        return states;
    }

    /** curl from a local address of this machine's loopback (127.0.0.0/8): the body, then the status. */
    private static Commands.Result curlFrom(String address, String url, String... more) {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--interface", address, "-w", "%{http_code}"));
        command.addAll(List.of(more));
        command.add(url);
        return Commands.run(dir, java.util.Map.of(), 30, command);
    }

    /** An enrollment with this token, sent from {@code address}, as a rogue agent would. */
    private static Commands.Result enrollFrom(String address, String token, String name, String claimedMac) throws Exception {
        Path ca = dir.resolve("labd-ca.pem");
        Files.writeString(ca, org.labctl.tests.harness.Tls.Config.read(labd.adminConfig()).ca());
        Path body = dir.resolve("rogue-enroll.json");
        Files.writeString(body, "{\"token\":" + Json.quote(token) + ",\"csr\":" + Json.quote(org.labctl.tests.harness.TestPki.csr(
                org.labctl.tests.harness.TestPki.keyPair(), name)) + ",\"name\":" + Json.quote(name) + ",\"hostname\":"
                + Json.quote(name) + ",\"mac\":" + Json.quote(claimedMac) + "}");
        return curlFrom(address, labd.url("/api/v1/enroll"), "--cacert", ca.toString(), "-H", "Content-Type: application/json",
                "--data-binary", "@" + body);
    }

    private static String state() {
        return state(mac);
    }

    private static String state(String node) {
        JsonNode machines = Json.tree(ok(admin.run("provision", "list", "-o", "json")).stdout());
        for (JsonNode machine : machines) {
            if (machine.path("mac").asText().equals(node)) {
                return machine.path("state").asText();
            }
        }
        return "absent";
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(bastion + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }
}
