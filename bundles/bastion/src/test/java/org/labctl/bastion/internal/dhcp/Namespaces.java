package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Two network namespaces joined by a veth pair, for DHCP tests with real clients: the server side
 * {@code 10.99.N.1/24}, the client side without an address. Everything made is removed by
 * {@link #close}: the processes started (by PID), the namespaces, the veth pair with them.
 */
public final class Namespaces implements AutoCloseable {

    public final String server;
    public final String client;
    public final String serverLink;
    public final String clientLink;
    public final int subnet;
    private final List<Running> started = new CopyOnWriteArrayList<>();

    /** Skips the calling test, with the reason, when this machine cannot make namespaces. */
    public static void assumeAvailable(String... programs) {
        String uid = output("id", "-u");
        assumeTrue("0".equals(uid), "needs root to create network namespaces (ip netns); running as uid " + uid);
        for (String program : programs) {
            assumeTrue(onPath(program), "needs " + program + " on the PATH (Debian: iproute2, isc-dhcp-client for dhclient, "
                    + "busybox for udhcpc, dnsmasq-base for dnsmasq)");
        }
        // root inside a container without CAP_NET_ADMIN or CAP_SYS_ADMIN cannot make namespaces
        String probe = "lbt-probe-" + ProcessHandle.current().pid();
        String added = output("sh", "-c", "ip netns add " + probe + " && ip netns delete " + probe + " && echo ok");
        assumeTrue(added.endsWith("ok"), "this machine refuses network namespaces (ip netns add: " + added + ")");
    }

    public Namespaces() throws IOException, InterruptedException {
        String id = Integer.toString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff), 16);
        subnet = ThreadLocalRandom.current().nextInt(1, 255);
        server = "lbt-" + id + "-s";
        client = "lbt-" + id + "-c";
        serverLink = "lbts" + id;
        clientLink = "lbtc" + id;
        try {
            exec("ip", "netns", "add", server);
            exec("ip", "netns", "add", client);
            exec("ip", "link", "add", serverLink, "type", "veth", "peer", "name", clientLink);
            exec("ip", "link", "set", serverLink, "netns", server);
            exec("ip", "link", "set", clientLink, "netns", client);
            exec("ip", "-n", server, "addr", "add", serverAddress() + "/24", "dev", serverLink);
            for (String[] side : new String[][] {{server, serverLink}, {client, clientLink}}) {
                exec("ip", "-n", side[0], "link", "set", "lo", "up");
                exec("ip", "-n", side[0], "link", "set", side[1], "up");
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public String serverAddress() {
        return address(1);
    }

    public String address(int host) {
        return "10.99." + subnet + "." + host;
    }

    /** The client side's MAC address. */
    public String clientMac() throws IOException, InterruptedException {
        java.util.regex.Matcher ether = java.util.regex.Pattern.compile("link/ether ([0-9a-f:]{17})")
                .matcher(output("ip", "-n", client, "link", "show", "dev", clientLink));
        if (!ether.find()) {
            throw new IOException("no MAC address on " + clientLink + " in " + client);
        }
        return ether.group(1);
    }

    /** Runs a command in a namespace to its end, within the deadline; returns its output. */
    public String run(String namespace, Duration deadline, String... command) throws IOException, InterruptedException {
        Running process = start(namespace, command);
        if (!process.process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.stop();
            throw new AssertionError(String.join(" ", command) + " did not end within " + deadline + ":\n" + process.output());
        }
        process.drain();
        return process.output();
    }

    /** Starts a command in a namespace; its output lines are collected. */
    public Running start(String namespace, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        Running running = new Running(process);
        started.add(running);
        return running;
    }

    /** A Java main of this module's classes, in a namespace. */
    public Running startJava(String namespace, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classPath(), main.getName()));
        command.addAll(List.of(args));
        return start(namespace, command.toArray(String[]::new));
    }

    /** Kills a process that daemonized itself (dhclient), by the PID it wrote. */
    void killPidFile(Path pidFile) {
        try {
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | NumberFormatException e) {
            // nothing left to stop
        }
    }

    @Override
    public void close() {
        for (Running running : started) {
            running.stop();
        }
        for (String namespace : List.of(server, client)) {
            try {
                exec("ip", "netns", "del", namespace);
            } catch (IOException | InterruptedException | RuntimeException e) {
                // not made, or already gone
            }
        }
    }

    /** The module's classes, test classes, slf4j-api (which the server logs through) and labctl's API. */
    private static String classPath() {
        try {
            String slf4j = Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            String classes = Path.of(DhcpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            String tests = Path.of(Namespaces.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            String api = Path.of(org.labctl.api.MachineInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return String.join(File.pathSeparator, classes, tests, slf4j, api);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e + ")";
        }
    }

    private static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }

    /** A started process whose output lines are collected as they come. */
    public static final class Running {

        public final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Running(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        public List<String> lines() {
            return List.copyOf(lines);
        }

        public String output() {
            return String.join("\n", lines);
        }

        /** The first output line that matches, waiting for it until the deadline. */
        public String await(Predicate<String> wanted, Duration deadline) throws InterruptedException {
            long end = System.nanoTime() + deadline.toNanos();
            while (System.nanoTime() < end) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                if (!process.isAlive() && !reader.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no such line within " + deadline + "; the output was:\n" + output());
        }

        void drain() throws InterruptedException {
            reader.join(2000);
        }

        /** Closes its input (a DhcpServerMain then stops), then ends it by PID if it is still there. */
        public void stop() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
