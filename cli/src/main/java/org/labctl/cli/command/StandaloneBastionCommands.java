package org.labctl.cli.command;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.labctl.api.BastionInfo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.StandaloneBastionClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code labctl init bastion standalone start|stop|status}. */
public final class StandaloneBastionCommands {

    static final String PID_FILE = "bastion.pid";
    static final String CONFIG_FILE = "bastion.cfg";
    static final String OUTPUT_FILE = "bastion.out";
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private StandaloneBastionCommands() {
    }

    /** The data directory option the three share. */
    static final class DataOption {
        @Option(names = "--data", paramLabel = "DIR",
                description = "Its state: configuration, machines, leases, log (default: /var/lib/labctl/bastion).")
        Path data;

        Path dir() {
            return (data == null ? StandaloneBastionClient.DEFAULT_DATA : data).toAbsolutePath().normalize();
        }
    }

    /** The PID of the bastion running with {@code data}, if one runs. */
    static Optional<ProcessHandle> running(Path data) {
        try {
            long pid = Long.parseLong(Files.readString(data.resolve(PID_FILE)).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Command(name = "start",
            description = {
                "Start a standalone bastion on this host, as root.",
                "DHCP and TFTP use ports 67 and 69. It runs the bastion bundles in lab-agent's",
                "runtime (--runtime, else $LABCTL_AGENT_HOME, else /opt/lab-agent) in the",
                "background, logging to DATA/bastion.out, until 'stop'. --interface is the",
                "provisioning network: its IPv4 address is where DHCP, TFTP and HTTP answer.",
                "--dhcp proxy answers PXE clients next to the network's DHCP server; full",
                "gives addresses from --range too. Without labd (--labd) machines are",
                "discovered and assigned but get no kickstart, which needs labd's join token."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  sudo labctl init bastion standalone start --interface eth1 --dhcp proxy",
                "  sudo labctl init bastion standalone start --interface eth1 --dhcp full \\",
                "      --range 10.0.0.100-10.0.0.199 --port 8081",
                "  sudo labctl init bastion standalone start --foreground --dhcp off"})
    public static final class Start implements Callable<Integer> {

        private final Printer printer;

        @Option(names = "--foreground", description = "Stay in the foreground, its output on this terminal, until Ctrl-C.")
        boolean foreground;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
                description = "The HTTP port for iPXE scripts, kernels, kickstarts and callbacks (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--interface", paramLabel = "IF", description = "The provisioning network's interface, such as eth1.")
        String networkInterface;

        @Option(names = "--dhcp", paramLabel = "MODE", completionCandidates = DhcpModes.class,
                description = "${COMPLETION-CANDIDATES} (default: proxy with --interface, else off).")
        String dhcp;

        @Option(names = "--range", paramLabel = "FIRST-LAST", description = "With --dhcp full: the addresses given, such as 10.0.0.100-10.0.0.199.")
        String range;

        @Option(names = "--env", paramLabel = "ENV", defaultValue = "lab",
                description = "The environment of cloud baremetal it provisions (default: ${DEFAULT-VALUE}).")
        String environment;

        @Option(names = "--labd", paramLabel = "URL",
                description = "Register with labd at this https URL: it issues the kickstarts' join tokens, and installed "
                        + "machines enroll with it.")
        String labd;

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "With --labd, the first time: a join token made with --env ENV --label labctl.org/bastion=true; "
                        + "the bastion enrolls with it as a server of ENV (its identity stays in DATA/agent).")
        String token;

        @Option(names = "--name", paramLabel = "NAME", description = "With --token: the server name it enrolls as (default: bastion-ENV).")
        String name;

        @Option(names = "--boot-dir", paramLabel = "DIR", description = "Kernels, initrds and iPXE binaries (default: DATA/boot).")
        Path bootDir;

        @Option(names = "--repo", paramLabel = "URL", description = "The installation source (default: the Rocky Linux 9 BaseOS mirror).")
        String repo;

        @Option(names = "--runtime", paramLabel = "DIR", description = "lab-agent's installation, whose runtime runs the bastion.")
        Path runtime;

        @Mixin
        DataOption data;

        @Mixin
        HelpMixin help;

        public Start(Printer printer) {
            this.printer = printer;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path dir = data.dir();
            Map<String, String> config = config();
            Path home = runtimeHome();
            Optional<ProcessHandle> already = running(dir);
            if (already.isPresent()) {
                throw new LabctlException(ExitCode.ERROR, "a standalone bastion already runs with data in " + dir + " (pid "
                        + already.get().pid() + "): sudo labctl init bastion standalone stop" + (data.data == null ? "" : " --data " + dir));
            }
            Files.createDirectories(dir);
            Path identity = labd == null ? null : register(home, dir.resolve("agent"));
            if (identity != null) {
                config.put("labd.identity", identity.toString());
            }
            writeConfig(dir.resolve(CONFIG_FILE), config);
            Files.deleteIfExists(dir.resolve(StandaloneBastionClient.ADMIN_FILE));
            List<String> command = new ArrayList<>();
            if (!foreground && onPath("setsid")) {
                command.add("setsid"); // its own session: the terminal's Ctrl-C and hang-up do not reach it
            }
            command.addAll(List.of(home.resolve("bin/lab-agent").toString(), "bastion", "--config", dir.resolve(CONFIG_FILE).toString()));
            if (identity != null) {
                command.addAll(List.of("--agent-data", identity.toString()));
            }
            ProcessBuilder builder = new ProcessBuilder(command);
            if (foreground) {
                builder.inheritIO();
            } else {
                builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(OUTPUT_FILE).toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process = builder.start();
            Files.writeString(dir.resolve(PID_FILE), process.pid() + "\n");
            if (foreground) {
                int exit = process.waitFor();
                Files.deleteIfExists(dir.resolve(PID_FILE));
                return exit;
            }
            BastionInfo info = awaitStarted(process, dir);
            printer.line("bastion for baremetal/" + info.environment() + " started (pid " + process.pid() + "): HTTP " + info.url()
                    + ", DHCP " + info.dhcp() + ", TFTP " + (info.tftp() == null ? "off" : info.tftp()) + "; state and output in " + dir);
            printer.line("machines: sudo labctl provision list --standalone" + (data.data == null ? "" : " --data " + dir)
                    + "; stop: sudo labctl init bastion standalone stop" + (data.data == null ? "" : " --data " + dir));
            return ExitCode.OK;
        }

        /**
         * The bastion's identity with labd: enrolled once with {@code --token} (lab-agent enroll), kept
         * in {@code agent} for every later start.
         */
        private Path register(Path home, Path agent) throws IOException, InterruptedException {
            if (Files.exists(agent.resolve("agent.crt"))) {
                return agent;
            }
            if (token == null) {
                throw new LabctlException(ExitCode.USAGE, "--labd needs --token the first time: make one with labctl create token "
                        + "--env " + environment + " --label labctl.org/bastion=true");
            }
            String server = name == null ? "bastion-" + environment : name;
            Process enroll = new ProcessBuilder(home.resolve("bin/lab-agent").toString(), "enroll", "--server", labd, "--token", token,
                    "--name", server, "--data", agent.toString()).redirectErrorStream(true).start();
            String output = new String(enroll.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (enroll.waitFor() != 0) {
                throw new LabctlException(ExitCode.ERROR, "the bastion could not register with labd at " + labd + ": " + output);
            }
            if (!output.contains(" in baremetal/" + environment + ";")) {
                throw new LabctlException(ExitCode.ERROR, "the token placed the bastion elsewhere than baremetal/" + environment
                        + " (" + output + "): delete server " + server + " and make the token with --env " + environment);
            }
            printer.line("registered with labd at " + labd + " as server " + server);
            return agent;
        }

        private BastionInfo awaitStarted(Process process, Path dir) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            Path admin = dir.resolve(StandaloneBastionClient.ADMIN_FILE);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    Files.deleteIfExists(dir.resolve(PID_FILE));
                    throw new LabctlException(ExitCode.ERROR, "the bastion stopped at once (exit " + process.exitValue() + "):\n"
                            + tail(dir.resolve(OUTPUT_FILE), 20));
                }
                if (Files.exists(admin)) {
                    StandaloneBastionClient client = StandaloneBastionClient.open(dir);
                    if (client.pid() == process.pid()) {
                        return client.info();
                    }
                }
                // the runtime writes the admin file once every server listens: poll for it
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
            process.destroy();
            throw new LabctlException(ExitCode.TIMEOUT, "the bastion did not start within " + START_TIMEOUT.toSeconds()
                    + " s; its output:\n" + tail(dir.resolve(OUTPUT_FILE), 20));
        }

        /** The configuration file's keys, checked here so that mistakes show before anything starts. */
        Map<String, String> config() {
            if (port < 1 || port > 65535) {
                throw new LabctlException(ExitCode.USAGE, "--port must be from 1 to 65535, not " + port);
            }
            String mode = dhcp == null ? (networkInterface == null ? "off" : "proxy") : dhcp.toLowerCase(java.util.Locale.ROOT);
            if (!List.of("off", "proxy", "full").contains(mode)) {
                throw new LabctlException(ExitCode.USAGE, "--dhcp must be off, proxy or full, not " + dhcp);
            }
            if (!mode.equals("off") && networkInterface == null) {
                throw new LabctlException(ExitCode.USAGE, "--dhcp " + mode + " needs --interface: the provisioning network's "
                        + "interface, such as eth1 ('ip -br addr' lists them)");
            }
            if (mode.equals("full") != (range != null)) {
                throw new LabctlException(ExitCode.USAGE, range == null ? "--dhcp full needs --range FIRST-LAST, such as "
                        + "10.0.0.100-10.0.0.199" : "--range is for --dhcp full");
            }
            Map<String, String> config = new LinkedHashMap<>();
            config.put("environment", environment);
            config.put("http.port", Integer.toString(port));
            String address = networkInterface == null ? "127.0.0.1" : ipv4(networkInterface);
            config.put("http.bind", address);
            config.put("dhcp", mode);
            if (!mode.equals("off")) {
                config.put("dhcp.address", address);
            }
            if (range != null) {
                config.put("dhcp.range", range);
            }
            if (labd != null) {
                config.put("labd.url", labd);
            } else if (token != null || name != null) {
                throw new LabctlException(ExitCode.USAGE, "--token and --name register with labd: they need --labd URL");
            }
            if (bootDir != null) {
                config.put("boot.dir", bootDir.toAbsolutePath().normalize().toString());
            }
            if (repo != null) {
                config.put("installer.repo", repo);
            }
            return config;
        }

        private Path runtimeHome() {
            String env = System.getenv("LABCTL_AGENT_HOME");
            Path home = runtime != null ? runtime : env != null && !env.isBlank() ? Path.of(env) : Path.of("/opt/lab-agent");
            if (!Files.isExecutable(home.resolve("bin/lab-agent")) || !Files.isDirectory(home.resolve("lib/bastion"))) {
                throw new LabctlException(ExitCode.ERROR, "no lab-agent with the bastion in " + home + " (bin/lab-agent, "
                        + "lib/bastion/): unpack lab-agent's tar.gz there, or pass --runtime DIR or set LABCTL_AGENT_HOME");
            }
            return home.toAbsolutePath();
        }

        private static String ipv4(String name) {
            try {
                NetworkInterface nic = NetworkInterface.getByName(name);
                if (nic == null) {
                    List<String> names = new ArrayList<>();
                    for (NetworkInterface each : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                        names.add(each.getName());
                    }
                    throw new LabctlException(ExitCode.USAGE, "no interface " + name + " on this host (it has "
                            + String.join(", ", names.stream().sorted().toList()) + ")");
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address.getHostAddress();
                    }
                }
                throw new LabctlException(ExitCode.USAGE, "interface " + name + " has no IPv4 address: give it one "
                        + "(ip addr add 10.0.0.2/24 dev " + name + ")");
            } catch (SocketException e) {
                throw new LabctlException(ExitCode.ERROR, "cannot read the interfaces of this host: " + e.getMessage());
            }
        }
    }

    @Command(name = "stop", description = "Stop the standalone bastion of this host (as root); its state stays for the next start.",
            footerHeading = "%nExamples:%n", footer = {"  sudo labctl init bastion standalone stop"})
    public static final class Stop implements Callable<Integer> {

        private final Printer printer;

        @Mixin
        DataOption data;

        @Mixin
        HelpMixin help;

        public Stop(Printer printer) {
            this.printer = printer;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path dir = data.dir();
            Optional<ProcessHandle> process = running(dir);
            if (process.isEmpty()) {
                Files.deleteIfExists(dir.resolve(PID_FILE));
                printer.line("no standalone bastion runs with data in " + dir);
                return ExitCode.OK;
            }
            ProcessHandle handle = process.get();
            handle.destroy();
            try {
                handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                handle.destroyForcibly();
                printer.error("the bastion did not stop within " + STOP_TIMEOUT.toSeconds() + " s: killed");
            }
            Files.deleteIfExists(dir.resolve(PID_FILE));
            printer.line("standalone bastion stopped (pid " + handle.pid() + "); its state stays in " + dir);
            return ExitCode.OK;
        }
    }

    @Command(name = "status", description = {
                "Say whether the standalone bastion of this host runs, and where it answers.",
                "Exits 0 when it runs, 1 when it does not."},
            footerHeading = "%nExamples:%n", footer = {"  labctl init bastion standalone status", "  sudo labctl init bastion standalone status -o json"})
    public static final class Status implements Callable<Integer> {

        private final Printer printer;

        @Mixin
        DataOption data;

        @Mixin
        OutputMixin.TableJsonYaml output;

        @Mixin
        HelpMixin help;

        public Status(Printer printer) {
            this.printer = printer;
        }

        @Override
        public Integer call() {
            OutputFormat format = output.format();
            Path dir = data.dir();
            Optional<ProcessHandle> process = running(dir);
            if (process.isEmpty()) {
                if (format == OutputFormat.TABLE) {
                    printer.line("not running (data in " + dir + ")");
                } else {
                    printer.document(Map.of("running", false, "data", dir.toString()), format);
                }
                return ExitCode.ERROR;
            }
            BastionInfo info;
            try {
                info = StandaloneBastionClient.open(dir).info();
            } catch (LabctlException e) {
                if (e.exitCode() == ExitCode.PERMISSION_DENIED) {
                    printer.line("running (pid " + process.get().pid() + "); run as root for its details");
                    return ExitCode.OK;
                }
                throw e;
            }
            if (format == OutputFormat.TABLE) {
                printer.fields(new LinkedHashMap<>(Map.of("state", "running (pid " + process.get().pid() + ")",
                        "environment", "baremetal/" + info.environment(), "http", info.url(), "dhcp", info.dhcp(),
                        "tftp", info.tftp() == null ? "off" : info.tftp(), "machines", Integer.toString(info.machines()),
                        "data", dir.toString())));
            } else {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("running", true);
                document.put("pid", process.get().pid());
                document.put("data", dir.toString());
                document.put("bastion", info);
                printer.document(document, format);
            }
            return ExitCode.OK;
        }
    }

    /** {@code --dhcp}'s values. */
    static final class DhcpModes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("off", "proxy", "full").iterator();
        }
    }

    static void writeConfig(Path file, Map<String, String> config) throws IOException {
        StringBuilder text = new StringBuilder("# written by labctl init bastion standalone start; the keys of etc/org.labctl.bastion.cfg\n");
        config.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output in " + file + ")";
        }
    }

    static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
