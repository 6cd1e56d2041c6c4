package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
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
 * {@code labctl init bastion standalone start|stop|status} with the real labctl and lab-agent's
 * runtime (Felix, SCR and the bastion bundle): no labd, HTTP on loopback (DHCP and TFTP need a
 * network of their own: the bastion module's namespace and VM tests cover them). Machines are
 * discovered and assigned through {@code labctl provision --standalone}; the state survives a
 * restart; kickstarts are refused with the reason while no labd issues join tokens.
 */
class StandaloneBastionIT {

    private static final String MAC = "52:54:00:aa:bb:01";
    private Path data;
    private Labctl root;
    private final java.util.List<Path> others = new java.util.ArrayList<>();
    private LabdProcess labd;
    private AgentProcess agent;

    @AfterEach
    void stop() {
        if (root != null) {
            root.run("init", "bastion", "standalone", "stop", "--data", data.toString());
            others.forEach(other -> root.run("init", "bastion", "standalone", "stop", "--data", other.toString()));
        }
        if (agent != null) {
            agent.close();
        }
        if (labd != null) {
            labd.close();
        }
    }

    @Test
    void registeredWithLabdItsKickstartsCarryLabdsTokensAndItsMachinesEnroll() throws Exception {
        Path dir = Repo.scratch("registered");
        Path runtime = AgentProcess.unpack(dir);
        labd = LabdProcess.unpack(dir);
        labd.start().awaitHealthy();
        Labctl admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        ok(admin.run("create", "environment", "rack2", "--cloud", "baremetal"));
        String token = ok(admin.run("create", "token", "--env", "rack2", "--label", "labctl.org/bastion=true")).stdout().trim();
        String plain = ok(admin.run("create", "token", "--env", "rack2")).stdout().trim();
        data = dir.resolve("bastion");
        root = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        int port = Ports.free();
        String mac = HostFacts.primaryMac().orElse("52:54:00:aa:bb:02");

        Commands.Result started = ok(root.run("init", "bastion", "standalone", "start", "--data", data.toString(), "--port",
                Integer.toString(port), "--runtime", runtime.toString(), "--env", "rack2", "--labd", labd.url(""), "--token", token));
        assertTrue(started.stdout().contains("registered with labd") && started.stdout().contains("bastion-rack2"), started.toString());
        Await.until(java.time.Duration.ofSeconds(60), "bastion-rack2 Ready", () -> Json.tree(labd.get("/api/v1/servers/bastion-rack2")
                .body()).path("server").path("status").asText().equals("Ready"));

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        String[] local = local();
        ok(root.run(with(local, "provision", "install", mac, "node-7", "--role", "worker")));
        Commands.Result taken = root.run(with(local, "provision", "install", "52:54:00:aa:bb:03", "bastion-rack2", "--role", "worker"));
        assertEquals(1, taken.exitCode(), "labd refuses a hostname another server has: " + taken);
        assertTrue(taken.stderr().contains("enrolled already"), taken.toString());

        // the machine boots (its iPXE script, from its address), then its installer fetches the kickstart from there
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/boot/" + mac + ".ipxe")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> kickstart = http.send(HttpRequest.newBuilder(URI.create(base + "/ks/" + mac + ".cfg")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, kickstart.statusCode(), kickstart.body());
        java.util.regex.Matcher issued = java.util.regex.Pattern.compile("--token '([^']+)'").matcher(kickstart.body());
        assertTrue(issued.find(), kickstart.body());
        String audit = ok(admin.run("logs", "audit", "-o", "json")).stdout();
        assertTrue(audit.contains("/api/v1/bastions/rack2/tokens"), "labd audited the bastion's token request");
        assertTrue(ok(admin.run("logs", "server/bastion-rack2", "--file", data.resolve("events.log").toString())).stdout()
                .contains("kickstart served"), "the bastion host's agent reads the bastion's log");

        // managed through labd: the calls go to the bastion host's agent, authorized on the environment and audited
        JsonNode listed = Json.tree(ok(admin.run("get", "bastions", "-o", "json")).stdout());
        assertEquals("rack2", listed.get(0).path("environment").asText(), listed.toString());
        assertEquals("http://127.0.0.1:" + port, listed.get(0).path("url").asText(), "asked through its agent: " + listed);
        JsonNode relayed = Json.tree(ok(admin.run("provision", "list", "-o", "json")).stdout());
        assertEquals(mac, relayed.get(0).path("mac").asText(), "the only bastion admin may see is rack2's: " + relayed);
        ok(admin.run("provision", "install", "52:54:00:aa:bb:05", "node-9", "--role", "infra", "--env", "rack2"));
        JsonNode onBastion = Json.tree(ok(root.run(with(this.local(), "provision", "list", "-o", "json"))).stdout());
        assertTrue(onBastion.toString().contains("\"hostname\":\"node-9\""), "assigned on the bastion itself: " + onBastion);
        assertTrue(ok(admin.run("logs", "bastion/rack2", "--mac", "52:54:00:aa:bb:05")).stdout()
                .contains("install of node-9 as infra requested by admin through labd"));
        Path reader = dir.resolve("reader.labctl.yaml");
        ok(admin.run("create", "user", "reader", "--out", reader.toString()));
        ok(admin.run("create", "role", "rack2-reader", "--allow", "read:baremetal:rack2:*"));
        ok(admin.run("bind", "role", "rack2-reader", "--user", "reader"));
        Labctl asReader = new Labctl(dir, reader).env("HOME", dir.toString());
        ok(asReader.run("provision", "list", "--env", "rack2"));
        Commands.Result denied = asReader.run("provision", "forget", "52:54:00:aa:bb:05", "--env", "rack2");
        assertEquals(3, denied.exitCode(), denied.toString());
        assertTrue(denied.stderr().contains("manage:baremetal:rack2:*"), denied.toString());
        String audited = ok(admin.run("logs", "audit", "-o", "json")).stdout();
        assertTrue(audited.contains("provision install 52:54:00:aa:bb:05 node-9 infra"), "the relayed call is audited");

        Assumptions.assumeTrue(HostFacts.primaryMac().isPresent(), "no network interface with a MAC address to bind a token to");
        agent = AgentProcess.enroll(dir, labd, "node-7", issued.group(1)).start();
        JsonNode server = Json.tree(ok(admin.run("get", "servers", "node-7", "-o", "json")).stdout());
        assertEquals("rack2", server.path("environment").asText(), server.toString());
        assertEquals("worker", server.path("role").asText(), server.toString());

        // forgetting a machine whose kickstart was served revokes its token, which labd made for the bastion
        String spare = "52:54:00:aa:bb:06";
        ok(root.run(with(local(), "provision", "install", spare, "node-6", "--role", "worker")));
        http.send(HttpRequest.newBuilder(URI.create(base + "/boot/" + spare + ".ipxe")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/ks/" + spare + ".cfg")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(tokenStates(admin, spare).contains("active"), tokenStates(admin, spare).toString());
        ok(root.run(with(local(), "provision", "forget", spare)));
        assertFalse(tokenStates(admin, spare).contains("active"), "revoked through labd: " + tokenStates(admin, spare));

        // a server enrolled without the bastion label may not assign machines or get tokens
        Path other = dir.resolve("not-a-bastion");
        others.add(other);
        ok(root.run("init", "bastion", "standalone", "start", "--data", other.toString(), "--port", Integer.toString(Ports.free()),
                "--runtime", runtime.toString(), "--env", "rack2", "--labd", labd.url(""), "--token", plain, "--name", "imposter"));
        Commands.Result refused = root.run("provision", "install", "52:54:00:aa:bb:04", "node-8", "--role", "worker", "--standalone",
                "--data", other.toString());
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("not a bastion of baremetal/rack2"), refused.toString());
        assertEquals(0, Json.tree(ok(root.run("provision", "list", "--standalone", "--data", other.toString(), "-o", "json"))
                .stdout()).size(), "the refused assignment left nothing behind");
    }

    @Test
    void startsManagesSurvivesARestartAndStops() throws Exception {
        Path dir = Repo.scratch("standalone");
        Path runtime = AgentProcess.unpack(dir);
        data = dir.resolve("bastion");
        root = new Labctl(dir, dir.resolve("no-labd.yaml")).env("HOME", dir.toString());
        int port = Ports.free();
        String[] start = {"init", "bastion", "standalone", "start", "--data", data.toString(), "--port", Integer.toString(port),
            "--runtime", runtime.toString(), "--env", "rack1"};

        Commands.Result notRunning = root.run("init", "bastion", "standalone", "status", "--data", data.toString());
        assertEquals(1, notRunning.exitCode(), notRunning.toString());
        assertTrue(notRunning.stdout().startsWith("not running"), notRunning.toString());
        Commands.Result needsInterface = root.run("init", "bastion", "standalone", "start", "--data", data.toString(),
                "--dhcp", "full", "--runtime", runtime.toString());
        assertEquals(2, needsInterface.exitCode(), needsInterface.toString());
        assertTrue(needsInterface.stderr().contains("needs --interface"), needsInterface.toString());

        Commands.Result started = ok(root.run(start));
        assertTrue(started.stdout().contains("bastion for baremetal/rack1 started"), started.toString());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(data.resolve("admin.json")), "the admin secret is root's alone");
        Commands.Result twice = root.run(start);
        assertEquals(1, twice.exitCode(), twice.toString());
        assertTrue(twice.stderr().contains("already runs"), twice.toString());
        JsonNode status = Json.tree(ok(root.run("init", "bastion", "standalone", "status", "--data", data.toString(), "-o", "json"))
                .stdout());
        assertEquals("rack1", status.path("bastion").path("environment").asText(), status.toString());
        assertEquals("off", status.path("bastion").path("dhcp").asText(), status.toString());

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/boot/" + MAC + ".ipxe")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String[] local = {"--standalone", "--data", data.toString()};
        JsonNode discovered = Json.tree(ok(root.run(with(local, "provision", "list", "-o", "json"))).stdout());
        assertEquals("discovered", discovered.get(0).path("state").asText(), discovered.toString());
        ok(root.run(with(local, "provision", "install", MAC, "node-1", "--role", "infra")));
        HttpResponse<String> kickstart = http.send(HttpRequest.newBuilder(URI.create(base + "/ks/" + MAC + ".cfg")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, kickstart.statusCode(), "no labd, no join token: " + kickstart.body());
        String log = ok(root.run(with(local, "logs", "bastion", "--mac", MAC))).stdout();
        assertTrue(log.contains("not registered with labd"), log);

        ok(root.run("init", "bastion", "standalone", "stop", "--data", data.toString()));
        assertEquals(1, root.run("init", "bastion", "standalone", "status", "--data", data.toString()).exitCode());
        Commands.Result gone = root.run(with(local, "provision", "list"));
        assertEquals(4, gone.exitCode(), gone.toString());

        ok(root.run(start));
        JsonNode machines = Json.tree(ok(root.run(with(local, "provision", "list", "-o", "json"))).stdout());
        assertEquals("pending-install", machines.get(0).path("state").asText(), "kept across the restart: " + machines);
        assertEquals("node-1", machines.get(0).path("hostname").asText());
        assertFalse(Files.readString(data.resolve("bastion.out")).contains("Exception"),
                "no stack trace in its output: " + Files.readString(data.resolve("bastion.out")));
    }

    private static java.util.List<String> tokenStates(Labctl admin, String mac) {
        java.util.List<String> states = new java.util.ArrayList<>();
        for (JsonNode token : Json.tree(ok(admin.run("get", "tokens", "-o", "json")).stdout())) {
            if (mac.equals(token.path("mac").asText())) {
                states.add(token.path("state").asText());
            }
        }
        return states;
    }

    private String[] local() {
        return new String[] {"--standalone", "--data", data.toString()};
    }

    private static String[] with(String[] options, String... args) {
        String[] all = new String[args.length + options.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(options, 0, all, args.length, options.length);
        return all;
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }
}
