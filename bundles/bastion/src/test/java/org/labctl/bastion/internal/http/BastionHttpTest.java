package org.labctl.bastion.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.kickstart.Role;
import org.labctl.bastion.internal.provision.IpxeScript;
import org.labctl.bastion.internal.provision.Machine.State;
import org.labctl.bastion.internal.provision.Machines;

/** The bastion's HTTP endpoint on loopback, with the JDK's HTTP client and the real curl. */
class BastionHttpTest {

    private static final String MAC = "52:54:00:12:34:56";
    private static final String TOKEN = "LAB10123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef::"
            + "00112233445566778899aabbccddeeff.not-a-real-secret_only-for-the-tests";

    @TempDir
    Path dir;
    private Machines machines;
    private BastionHttp http;
    private String base;
    private final List<String> events = new ArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<String> tokenAddresses = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Where the bastion saw each machine boot (its DHCP, in a running bastion): here, this machine's loopback. */
    private final java.util.Map<String, java.net.InetAddress> booted = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean labdDown;
    private byte[] kernel;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        booted.put(MAC, java.net.InetAddress.getByName("127.0.0.1"));
        Path boot = Files.createDirectories(dir.resolve("boot"));
        kernel = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(kernel);
        Files.write(boot.resolve("vmlinuz"), kernel);
        Files.writeString(boot.resolve("initrd.img"), "initrd");
        Files.writeString(dir.resolve("secret"), "do not serve");
        Files.createSymbolicLink(boot.resolve("escape"), dir.resolve("secret"));
        Files.writeString(dir.resolve("lab-agent.tar.gz"), "agent assembly");
        machines = Machines.open(dir.resolve("state"), Clock.systemUTC());
        IpxeScript.Installer installer = new IpxeScript.Installer("vmlinuz", "initrd.img", URI.create("http://mirror.example/os"),
                List.of());
        http = BastionHttp.start(new BastionHttp.Settings(new InetSocketAddress("127.0.0.1", 0), URI.create("http://10.0.0.1:8080"),
                boot, dir.resolve("lab-agent.tar.gz"), URI.create("https://labd.example:8443"), installer, null, null, null),
                machines, (machine, address) -> {
                    if (labdDown) {
                        throw new IOException("labd unreachable");
                    }
                    tokensIssued.incrementAndGet();
                    tokenAddresses.add(address.getHostAddress());
                    return TOKEN;
                }, mac -> java.util.Optional.ofNullable(booted.get(mac)), (mac, message) -> {
                    synchronized (events) {
                        events.add(mac + " " + message);
                    }
                });
        base = "http://127.0.0.1:" + http.address().getPort();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void iPxesPercentEncodedColonsNameTheSameMachine() throws Exception {
        HttpResponse<String> script = get("/boot/" + MAC.replace(":", "%3A") + ".ipxe");
        assertEquals(200, script.statusCode(), script.body());
        assertTrue(machines.get(MAC).isPresent(), "recorded under its MAC");
    }

    @Test
    void aMachineIsDiscoveredAssignedInstalledAndThenBootsFromItsDisk() throws Exception {
        HttpResponse<String> waiting = get("/boot/52:54:00:12:34:56.ipxe");
        assertEquals(200, waiting.statusCode());
        assertTrue(waiting.body().contains("sleep 30\nchain --replace --autofree http://10.0.0.1:8080/boot/52:54:00:12:34:56.ipxe"),
                waiting.body());
        assertEquals(State.DISCOVERED, machines.get(MAC).orElseThrow().state());
        assertEquals(409, get("/ks/52:54:00:12:34:56.cfg").statusCode(), "no kickstart before an assignment");

        machines.install(MAC, "worker-1", Role.WORKER);
        assertTrue(get("/boot/52:54:00:12:34:56.ipxe").body().contains("inst.ks=http://10.0.0.1:8080/ks/52:54:00:12:34:56.cfg"));
        HttpResponse<String> kickstart = get("/ks/52:54:00:12:34:56.cfg");
        assertEquals(200, kickstart.statusCode(), kickstart.body());
        assertTrue(kickstart.body().contains("--token '" + TOKEN + "'"), "the kickstart carries the new token");
        assertTrue(kickstart.body().contains("clearpart --all"), "an install erases the disk");
        assertEquals(State.INSTALLING, machines.get(MAC).orElseThrow().state());
        HttpResponse<String> again = get("/ks/52:54:00:12:34:56.cfg");
        assertEquals(409, again.statusCode(), "a second kickstart (and token) is never handed out");
        assertFalse(again.body().contains(TOKEN));
        assertEquals(1, tokensIssued.get());

        assertEquals(204, post("/callback/52:54:00:12:34:56?status=installed").statusCode());
        assertEquals(State.INSTALLED, machines.get(MAC).orElseThrow().state());
        assertTrue(get("/boot/52:54:00:12:34:56.ipxe").body().endsWith("booting from its disk\nexit\n"));
        assertEquals(409, post("/callback/52:54:00:12:34:56?status=installed").statusCode(), "a repeated report is refused");
        synchronized (events) {
            assertTrue(events.stream().anyMatch(e -> e.equals(MAC + " installed as worker-1")), events.toString());
            assertTrue(events.stream().noneMatch(e -> e.contains(TOKEN)), "no token in the bastion's log");
        }
    }

    @Test
    void aKickstartGoesOnlyToTheAddressTheMachineBootedFromAndItsTokenIsBoundToIt() throws Exception {
        machines.install(MAC, "worker-1", Role.WORKER);
        // another host names the pending machine's MAC (curl from another loopback address: all of 127/8 is this host)
        Process thief = new ProcessBuilder("curl", "-sS", "--interface", "127.0.0.2", "-w", "\n%{http_code}",
                base + "/ks/" + MAC + ".cfg").redirectErrorStream(true).start();
        String stolen = new String(thief.getInputStream().readAllBytes());
        assertEquals(0, thief.waitFor(), stolen);
        assertTrue(stolen.endsWith("\n403"), stolen);
        assertFalse(stolen.contains(TOKEN), stolen);
        assertFalse(stolen.contains("127.0.0.1"), "the machine's address is not told to whoever asks: " + stolen);
        assertEquals(0, tokensIssued.get(), "no token was even asked for");
        assertEquals(State.PENDING_INSTALL, machines.get(MAC).orElseThrow().state(), "the machine still waits for its installer");
        synchronized (events) {
            assertTrue(events.contains(MAC + " kickstart refused to 127.0.0.2: the machine booted from 127.0.0.1"), events.toString());
        }

        booted.remove(MAC);
        assertEquals(403, get("/ks/" + MAC + ".cfg").statusCode(), "a machine the bastion never saw boot gets none either");
        booted.put(MAC, java.net.InetAddress.getByName("127.0.0.1"));
        HttpResponse<String> kickstart = get("/ks/" + MAC + ".cfg");
        assertEquals(200, kickstart.statusCode(), kickstart.body());
        assertEquals(List.of("127.0.0.1"), tokenAddresses, "the token is bound to the address the kickstart went to");
    }

    @Test
    void aFailedReprovisionIsRecordedWithItsReasonAndNoTokenMeansNoKickstart() throws Exception {
        machines.install(MAC, "infra-1", Role.INFRA);
        labdDown = true;
        HttpResponse<String> unavailable = get("/ks/52:54:00:12:34:56.cfg");
        assertEquals(503, unavailable.statusCode());
        assertEquals(State.PENDING_INSTALL, machines.get(MAC).orElseThrow().state(), "still waiting: the installer may retry");
        labdDown = false;
        assertEquals(200, get("/ks/52:54:00:12:34:56.cfg").statusCode());
        assertEquals(400, post("/callback/52:54:00:12:34:56?status=failed&reason=disk%20on%20fire").statusCode());
        assertEquals(400, post("/callback/52:54:00:12:34:56?status=maybe").statusCode());
        assertEquals(204, post("/callback/52:54:00:12:34:56?status=failed&reason=missing-lv-home").statusCode());
        assertEquals("missing-lv-home", machines.get(MAC).orElseThrow().failure());
        assertEquals(404, post("/callback/52:54:00:12:34:57?status=installed").statusCode(), "an unknown machine");
    }

    @Test
    void bootFilesAndTheAgentAreServedWholeAndNothingOutsideTheBootDirectory() throws Exception {
        Path out = dir.resolve("downloaded");
        Process curl = new ProcessBuilder("curl", "-sS", "-o", out.toString(), "-w", "%{http_code}", base + "/boot/vmlinuz")
                .redirectErrorStream(true).start();
        String code = new String(curl.getInputStream().readAllBytes()).trim();
        assertEquals(0, curl.waitFor());
        assertEquals("200", code);
        assertArrayEquals(kernel, Files.readAllBytes(out));
        assertEquals("agent assembly", get("/artifacts/lab-agent.tar.gz").body());
        for (String escape : List.of("/boot/escape", "/boot/..%2Fsecret", "/boot/%2E%2E/secret", "/boot/", "/boot/nothing")) {
            HttpResponse<String> refused = get(escape);
            assertTrue(refused.statusCode() == 403 || refused.statusCode() == 404, escape + ": " + refused.statusCode());
            assertFalse(refused.body().contains("do not serve"), escape);
            assertFalse(refused.body().contains(dir.toString()), "no path in an answer: " + refused.body());
        }
        assertEquals(404, get("/etc/passwd").statusCode());
        assertEquals(405, post("/boot/vmlinuz").statusCode());
        assertEquals(404, get("/boot/52:54:00:12:34:5G.ipxe").statusCode(), "not a MAC: looked for as a file");
    }
}
