package org.labctl.agent.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.Enrollment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code lab-agent enroll|run}: the agent's command line. Only this class calls System.exit. */
@Command(name = "lab-agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Enrolls this machine with labd and keeps it connected.",
        subcommands = {Main.Enroll.class, Main.Run.class, Main.BastionRun.class})
public final class Main {

    static final String DEFAULT_DATA = "/var/lib/lab-agent";

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Picocli's version line. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lab-agent " + version()};
        }
    }

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = "Enrolls this machine: checks labd's CA against the token's pin, makes a key here (never sent), "
                    + "sends a CSR with the join token, and keeps the certificate in the data directory.",
            footer = {"", "Example:", "  lab-agent enroll --server https://labd.example.net:8443 --token \"$TOKEN\""})
    static final class Enroll implements Callable<Integer> {
        @Option(names = "--server", required = true, description = "labd's URL, https://host:port")
        URI server;

        @Option(names = "--token", required = true, description = "the join token from 'labctl create token'")
        String token;

        @Option(names = "--name", description = "the server name to enroll under (default: the host name)")
        String name;

        @Option(names = "--ca-pin", description = "sha256:<hex> of labd's CA, when the token does not carry it")
        String caPin;

        @Option(names = "--data", description = "data directory (default: ${DEFAULT-VALUE})", defaultValue = DEFAULT_DATA)
        Path data;

        @Override
        public Integer call() {
            try {
                Enrollment enrollment = Enroller.enroll(server, token, caPin, name, new AgentFiles(data));
                System.out.println("enrolled as " + enrollment.name() + " (server " + enrollment.serverId() + ") in "
                        + enrollment.cloud() + (enrollment.environment() == null ? "" : "/" + enrollment.environment())
                        + "; start it with: lab-agent run --data " + data);
                return 0;
            } catch (Enroller.Failure failure) {
                System.err.println("error: " + failure.getMessage());
                return failure.exitCode;
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Keeps one mutual-TLS WebSocket to labd open, with a heartbeat carrying facts, in the agent's "
                    + "minimal OSGi runtime (Felix, SCR and the bundles in lib/), in the foreground.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--data", description = "data directory (default: ${DEFAULT-VALUE})", defaultValue = DEFAULT_DATA)
        Path data;

        @Option(names = "--heartbeat", description = "seconds between heartbeats (default: ${DEFAULT-VALUE})", defaultValue = "10")
        int heartbeatSeconds;

        @Option(names = "--log-dir", paramLabel = "DIR",
                description = "a directory whose files 'labctl logs server/NAME --file' may read; repeat it for several "
                        + "(default: /var/log). Links and .. are resolved before the check.")
        List<Path> logDirs;

        @Option(names = "--journal-dir", paramLabel = "DIR",
                description = "read the journal files in DIR (journalctl --directory) instead of the system journal")
        Path journalDir;

        @Override
        public Integer call() throws Exception {
            AgentFiles files = new AgentFiles(data);
            if (!files.enrolled()) {
                System.err.println("error: not enrolled (no certificate in " + data + "): run lab-agent enroll first");
                return 1;
            }
            if (heartbeatSeconds < 1) {
                System.err.println("error: --heartbeat must be at least 1");
                return 2;
            }
            LogSettings logs = new LogSettings(logDirs == null || logDirs.isEmpty() ? LogSettings.DEFAULT_DIRS : logDirs,
                    journalDir, AgentLog.file(data.toAbsolutePath()));
            return AgentRuntime.run(data, heartbeatSeconds, logs.properties());
        }
    }

    @Command(name = "bastion", mixinStandardHelpOptions = true,
            description = "Runs a standalone bastion (PXE provisioning) in this runtime, in the foreground: Felix, SCR and "
                    + "the bundles of lib/ and lib/bastion/, without the agent. 'labctl init bastion standalone start' runs this.")
    static final class BastionRun implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "the bastion's configuration (the keys of etc/org.labctl.bastion.cfg); its state goes next to it")
        Path config;

        @Option(names = "--agent-data", paramLabel = "DIR",
                description = "the data directory of the server this bastion enrolled as (lab-agent enroll): the agent runs "
                        + "beside the bastion, keeps it connected to labd and renews its certificate")
        Path agentData;

        @Override
        public Integer call() throws Exception {
            if (!java.nio.file.Files.isRegularFile(config)) {
                System.err.println("error: no bastion configuration " + config);
                return 1;
            }
            Map<String, String> agent = Map.of();
            if (agentData != null) {
                if (!new AgentFiles(agentData).enrolled()) {
                    System.err.println("error: not enrolled (no certificate in " + agentData + "): run lab-agent enroll first");
                    return 1;
                }
                // the bastion's state (its events.log) is one of the directories labctl logs --file may read
                LogSettings logs = new LogSettings(List.of(Path.of("/var/log"), config.toAbsolutePath().getParent()), null,
                        AgentLog.file(agentData.toAbsolutePath()));
                agent = logs.properties();
            }
            return AgentRuntime.runBastion(config.toAbsolutePath(), agentData == null ? null : agentData.toAbsolutePath(), agent);
        }
    }
}
