package org.labctl.cli.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.labctl.cli.ClientConfig;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code labctl kubectl --cluster NAME -- ARGS}: the user's own kubectl, pointed at labd's kubectl proxy with a
 * kubeconfig made for this run (the user's labd certificate, labd's CA) and deleted afterwards. Arguments, standard
 * input, the terminal and the exit code pass through.
 */
@Command(name = "kubectl",
        description = {
            "Run kubectl against a cluster through labd.",
            "labd authorizes each request (kubectl:CLOUD:ENV:CLUSTER), audits it under your",
            "labd user and forwards it with the credential it keeps for the cluster; no",
            "kubeconfig of the cluster is on your machine. Everything after -- goes to kubectl;",
            "its exit code is labctl's. Refused before kubectl runs: a cluster you may not use",
            "(exit 3), one that does not exist (4), one that cannot be reached (5)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl kubectl --cluster prod-eu -- get pods -A",
            "  labctl kubectl --cluster lab -- apply --server-side -f deploy.yaml",
            "  labctl kubectl --cluster lab -- get configmaps -w"})
public final class KubectlCommand implements Callable<Integer> {

    /** Where labctl looks for kubectl before the PATH. */
    static final String KUBECTL_ENV = "LABCTL_KUBECTL";

    private final ConfigMixin connection;
    private final Map<String, String> env;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster, as labctl clusters list names it.")
    private String cluster;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "kubectl's arguments (after --).")
    private List<String> arguments = new ArrayList<>();

    @Unmatched
    private List<String> unmatched = new ArrayList<>();

    @Mixin
    private HelpMixin help;

    public KubectlCommand(ConfigMixin connection, Map<String, String> env) {
        this.connection = connection;
        this.env = env;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(unmatched);
        all.addAll(arguments);
        return run(connection, env, cluster, all);
    }

    /**
     * Runs kubectl with {@code arguments} against {@code cluster} through labd, after labd said the caller may use it
     * and it answers; returns kubectl's exit code.
     *
     * @throws LabctlException as labd refused: 3 (may not use it), 4 (no such cluster), 5 (unreachable)
     */
    static int run(ConfigMixin connection, Map<String, String> env, String cluster, List<String> arguments)
            throws IOException, InterruptedException {
        Path kubectl = kubectl(env);
        ClientConfig config = connection.config();
        LabdClient labd = connection.connect(config);
        LabdClient.ProxyAnswer answer = labd.clusterVersion(cluster);
        if (answer.status() / 100 != 2) {
            String message = answer.message() == null ? "labd answered " + answer.status() : answer.message();
            throw new LabctlException(switch (answer.status()) {
                case 401, 403 -> ExitCode.PERMISSION_DENIED;
                case 404 -> ExitCode.NOT_FOUND;
                case 502, 503, 504 -> ExitCode.UNREACHABLE;
                default -> ExitCode.ERROR;
            }, "cluster " + cluster + ": " + message);
        }
        Path dir = Files.createTempDirectory("labctl-kubectl-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        AtomicReference<Process> running = new AtomicReference<>();
        // labctl stopped (SIGTERM, or Ctrl-C, which kubectl gets as well): kubectl goes too, then its kubeconfig
        Thread cleanup = new Thread(() -> {
            Process child = running.get();
            if (child != null && child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delete(dir);
        }, "labctl-kubectl-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Path kubeconfig = dir.resolve("kubeconfig");
            ClustersCommands.write(kubeconfig, ClustersCommands.kubeconfig(config, cluster, connection.sessionId()));
            List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().remove("KUBECONFIG");
            Process process = builder.start();
            running.set(process);
            return process.waitFor();
        } finally {
            delete(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** kubectl: {@value #KUBECTL_ENV}, else the first on the PATH. */
    private static Path kubectl(Map<String, String> env) {
        String configured = env.get(KUBECTL_ENV);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new LabctlException(ExitCode.NOT_FOUND, KUBECTL_ENV + "=" + configured + " is not an executable kubectl");
            }
            return path;
        }
        String pathVariable = env.getOrDefault("PATH", "");
        for (String directory : pathVariable.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "kubectl"))) {
                return Path.of(directory, "kubectl");
            }
        }
        throw new LabctlException(ExitCode.NOT_FOUND, "kubectl is not installed (not on the PATH): labctl kubectl runs your own "
                + "kubectl. Install it (https://kubernetes.io/docs/tasks/tools/; Debian: apt install kubernetes-client) or set "
                + KUBECTL_ENV + "=/path/to/kubectl");
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is the user's own, 0700
        }
    }
}
