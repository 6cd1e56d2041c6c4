package org.labctl.module.bastion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.Health;
import org.labctl.module.testing.ModuleTestRuntime;

/**
 * The bastion module as lab-agent runs it (the built target/module in {@link ModuleTestRuntime}), running the
 * <b>real</b> standalone bastion of lab-agent's distribution (unpacked into target/lab-agent by the build) and talking
 * to it over real HTTP and TFTP. The one stand-in is the service manager: the build machines have no systemd to give a
 * unit to, so a shell script in systemctl's place runs the unit's {@code ExecStart} in the background as systemd would
 * (restart, stop, is-active). Every path the module writes is a parameter pointed into the runtime's work directory.
 */
class BastionModuleTest {

    private static final Path MODULE = Path.of("target/module");
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Test
    void runsTheBastionServesHttpAndTftpRestartsOnAChangeAndStopsOnRemove() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE); StandInSystemd systemd = new StandInSystemd(agent.workDirectory())) {
            agent.server("bastion-1", null, Map.of("bastion", "true"));
            Path data = agent.workDirectory().resolve("var/lib/labctl/bastion");
            Path unit = systemd.units().resolve("labctl-bastion.service");
            Files.createDirectories(data.resolve("boot"));
            Files.writeString(data.resolve("boot/hello.txt"), "served over TFTP by the module's bastion\n");
            int httpPort = freePort();
            int tftpPort = freeUdpPort();
            Map<String, Object> parameters = new HashMap<>(Map.of("environment", "rack2", "runtime", runtime().toString(),
                    "dataDir", data.toString(), "unitFile", unit.toString(), "serviceManager", systemd.command().toString(),
                    "httpPort", httpPort, "tftpPort", tftpPort, "timeoutSeconds", 10));

            agent.install();
            agent.configure(parameters);
            assertEquals("# written by labctl's bastion module: changes here are overwritten\n"
                    + "environment = rack2\n"
                    + "dhcp = off\n"
                    + "http.port = " + httpPort + "\n"
                    + "tftp.port = " + tftpPort + "\n", Files.readString(data.resolve("bastion.cfg")));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("bastion.cfg"))));
            assertTrue(Files.readString(unit).contains("ExecStart=" + runtime().resolve("bin/lab-agent") + " bastion --config "
                    + data.resolve("bastion.cfg") + "\n"), Files.readString(unit));
            assertEquals(List.of("daemon-reload", "enable labctl-bastion", "restart labctl-bastion"),
                    systemd.calls());

            Health health = await(() -> health(agent), h -> h.status() == Health.Status.HEALTHY);
            assertTrue(health.message().contains("all 2 checks passed"), health.toString());

            HttpResponse<String> script = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/boot/52:54:00:12:34:56.ipxe")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, script.statusCode());
            assertTrue(script.body().startsWith("#!ipxe"), script.body());
            assertArrayEquals("served over TFTP by the module's bastion\n".getBytes(StandardCharsets.UTF_8), tftp(tftpPort, "hello.txt"));

            // the same parameters: nothing restarts
            agent.configure(parameters);
            assertEquals("is-active labctl-bastion", systemd.calls().get(systemd.calls().size() - 1));

            // another port: bastion.cfg rewritten and the service restarted on it
            int movedPort = freePort();
            parameters.put("httpPort", movedPort);
            agent.configure(parameters);
            assertEquals("restart labctl-bastion", systemd.calls().get(systemd.calls().size() - 1));
            assertTrue(Files.readString(data.resolve("bastion.cfg")).contains("http.port = " + movedPort + "\n"));
            health = await(() -> health(agent), h -> h.status() == Health.Status.HEALTHY);
            assertTrue(health.checks().get(1).message().contains(":" + movedPort), health.toString());

            agent.remove();
            assertFalse(systemd.running(), "the bastion is stopped");
            assertFalse(Files.exists(unit));
            assertFalse(Files.exists(data.resolve("bastion.cfg")));
            assertTrue(Files.readString(data.resolve("machines.txt")).contains("52:54:00:12:34:56"),
                    "the bastion's state is kept: the machine it saw");
            assertTrue(systemd.calls().containsAll(List.of("stop labctl-bastion", "disable labctl-bastion")), systemd.calls().toString());
        }
    }

    @Test
    void healthSaysWhenTheBastionDoesNotRun() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE); StandInSystemd systemd = new StandInSystemd(agent.workDirectory())) {
            assertEquals(Health.Status.FAILED, agent.health().status(), "not configured yet");
            Path data = agent.workDirectory().resolve("bastion");
            agent.configure(Map.of("environment", "lab", "runtime", runtime().toString(), "dataDir", data.toString(),
                    "unitFile", systemd.units().resolve("labctl-bastion.service").toString(),
                    "serviceManager", systemd.command().toString(), "httpPort", freePort()));
            await(() -> health(agent), h -> h.status() == Health.Status.HEALTHY);
            systemd.kill();
            Health health = agent.health();
            assertEquals(Health.Status.FAILED, health.status());
            assertTrue(health.message().contains("labctl-bastion is inactive") && health.message().contains("does not answer"),
                    health.toString());
        }
    }

    @Test
    void dhcpNeedsTheAddressAndNothingIsWrittenWithout() throws Exception {
        try (ModuleTestRuntime agent = ModuleTestRuntime.start(MODULE)) {
            Path data = agent.workDirectory().resolve("bastion");
            InvalidArgument refused = assertThrows(InvalidArgument.class, () -> agent.configure(Map.of("environment", "lab",
                    "dhcp", "proxy", "runtime", runtime().toString(), "dataDir", data.toString())));
            assertTrue(refused.getMessage().startsWith("address: required with dhcp proxy"), refused.getMessage());
            assertFalse(Files.exists(data));
            assertThrows(InvalidArgument.class, () -> agent.configure(Map.of("environment", "lab", "runtime", runtime().toString(),
                    "extraConfig", Map.of("http.port", "1"))));
        }
    }

    private static Path runtime() throws Exception {
        try (var entries = Files.list(Path.of("target/lab-agent"))) {
            return entries.findFirst().orElseThrow().toAbsolutePath();
        }
    }

    private static Health health(ModuleTestRuntime agent) {
        try {
            return agent.health();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Health await(Supplier<Health> health, java.util.function.Predicate<Health> done) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Health last = health.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + last);
            }
            Thread.sleep(100);
            last = health.get();
        }
        return last;
    }

    /** A whole file over TFTP (RFC 1350, octet mode, 512-byte blocks). */
    private static byte[] tftp(int port, String file) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(new byte[] {0, 1});
            request.write((file + "\0octet\0").getBytes(StandardCharsets.US_ASCII));
            socket.send(new DatagramPacket(request.toByteArray(), request.size(), InetAddress.getLoopbackAddress(), port));
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] buffer = new byte[516];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                assertEquals(3, buffer[1], "a DATA packet, not opcode " + buffer[1]);
                content.write(buffer, 4, packet.getLength() - 4);
                socket.send(new DatagramPacket(new byte[] {0, 4, buffer[2], buffer[3]}, 4, packet.getSocketAddress()));
                if (packet.getLength() < 516) {
                    return content.toByteArray();
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * systemctl's stand-in: runs a unit's ExecStart in the background and remembers its process id (restart, start,
     * stop, is-active), records every call, and stops what it started when the test ends.
     */
    static final class StandInSystemd implements AutoCloseable {

        private final Path state;
        private final Path units;
        private final Path command;

        StandInSystemd(Path root) throws Exception {
            state = Files.createDirectories(root.resolve("stand-in"));
            units = root.resolve("etc/systemd/system");
            command = state.resolve("systemctl");
            Files.writeString(command, """
                    #!/bin/sh
                    # stand-in for systemctl: runs the unit's ExecStart in the background, as systemd would
                    STATE="@STATE@"
                    echo "$*" >> "$STATE/calls"
                    unit="@UNITS@/$2.service"
                    pidfile="$STATE/$2.pid"
                    running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
                    stop() {
                      if running; then
                        pid=$(cat "$pidfile"); kill "$pid"
                        i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
                      fi
                      rm -f "$pidfile"
                    }
                    case "$1" in
                      restart) stop ;;
                    esac
                    case "$1" in
                      restart|start)
                        if ! running; then
                          cmd=$(sed -n 's/^ExecStart=//p' "$unit")
                          nohup $cmd > "$STATE/$2.out" 2>&1 < /dev/null &
                          echo $! > "$pidfile"
                        fi ;;
                      stop) stop ;;
                      is-active) if running; then echo active; else echo inactive; exit 3; fi ;;
                    esac
                    exit 0
                    """.replace("@STATE@", state.toString()).replace("@UNITS@", units.toString()));
            Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        Path command() {
            return command;
        }

        Path units() {
            return units;
        }

        List<String> calls() throws Exception {
            Path calls = state.resolve("calls");
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        }

        boolean running() throws Exception {
            return process().map(ProcessHandle::isAlive).orElse(false);
        }

        /** Kills the bastion behind systemd's back, as a crash would. */
        void kill() throws java.io.IOException {
            process().ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().join();
            });
        }

        private java.util.Optional<ProcessHandle> process() throws java.io.IOException {
            Path pid = state.resolve("labctl-bastion.pid");
            return Files.exists(pid) ? ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())) : java.util.Optional.empty();
        }

        @Override
        public void close() throws java.io.IOException {
            kill();
        }
    }
}
