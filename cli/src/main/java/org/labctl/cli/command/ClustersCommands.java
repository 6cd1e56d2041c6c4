package org.labctl.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.AddClusterRequest;
import org.labctl.api.ClusterInfo;
import org.labctl.cli.ClientConfig;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.MissingCommandException;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl clusters add|list|describe|remove|kubeconfig}: the Kubernetes clusters labd keeps. */
public final class ClustersCommands {

    /** The most bytes of a kubeconfig file. */
    static final int MAX_KUBECONFIG_BYTES = AddClusterRequest.MAX_KUBECONFIG_LENGTH;

    private ClustersCommands() {
    }

    /** Groups the commands of clusters. */
    @Command(name = "clusters",
            description = {
                "Manage the Kubernetes clusters labd keeps, and reach them through labd.",
                "labd holds each cluster's credential sealed with its master key and forwards",
                "kubectl's requests to it (labctl kubectl), each one authorized",
                "(kubectl:CLOUD:ENV:CLUSTER) and audited under your labd user. Adding and",
                "removing need manage on the cluster, listing and describing read."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl clusters add prod-eu --kubeconfig prod.yaml --cloud aws --env prod",
                "  labctl clusters list",
                "  labctl kubectl --cluster prod-eu -- get pods -A"})
    public static final class Group implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private HelpMixin help;

        @Override
        public Integer call() {
            throw new MissingCommandException(spec.commandLine());
        }
    }

    /** {@code labctl clusters add NAME --kubeconfig PATH}. */
    @Command(name = "add",
            description = {
                "Add a cluster from a kubeconfig.",
                "labd checks it against the real API server before it keeps anything: the",
                "server answers through the kubeconfig's CA, the credential is accepted, and",
                "whether it may impersonate users (then the cluster sees you, not labd).",
                "Client certificates and tokens are taken, embedded in the kubeconfig",
                "(kubectl config view --raw --flatten --minify); exec plugins are refused.",
                "Without --cloud and --env the cluster is outside clouds (*:*:NAME)."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl clusters add lab --kubeconfig ~/.kube/config --context lab-admin",
                "  labctl clusters add prod-eu --kubeconfig prod.yaml --cloud aws --env prod"})
    public static final class Add implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "NAME", description = "The cluster's name in labd (a DNS label).")
        private String name;

        @Option(names = "--kubeconfig", required = true, paramLabel = "PATH", description = "The kubeconfig file, or - for standard input.")
        private String kubeconfig;

        @Option(names = "--context", paramLabel = "C", description = "The kubeconfig's context to take (default: its current context).")
        private String context;

        @Option(names = "--cloud", paramLabel = "CLOUD", description = "The cloud of its placement (with --env).")
        private String cloud;

        @Option(names = "--env", paramLabel = "ENV", description = "The environment of its placement (with --cloud).")
        private String environment;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Add(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            OutputFormat format = output.format();
            if ((cloud == null) != (environment == null)) {
                throw new LabctlException(ExitCode.USAGE, "give both --cloud and --env, or neither (a cluster outside clouds)");
            }
            String text = read(kubeconfig);
            ClusterInfo added = connection.connect().addCluster(cloud == null ? "*" : cloud, environment == null ? "*" : environment,
                    name, new AddClusterRequest(text, context));
            printer.outcome(added, format, a -> "cluster " + a.name() + " added: " + a.server() + " (" + a.version() + "), "
                    + a.credential() + (a.user() == null ? "" : " of " + a.user())
                    + (a.impersonates() ? "; requests go as their labd user (impersonation)"
                    : "; the cluster sees labd's credential, not the labd user (it may not impersonate)"));
            return ExitCode.OK;
        }

        private static String read(String source) {
            try {
                byte[] bytes = "-".equals(source) ? System.in.readNBytes(MAX_KUBECONFIG_BYTES + 1) : readFile(Path.of(source));
                if (bytes.length > MAX_KUBECONFIG_BYTES) {
                    throw new LabctlException(ExitCode.USAGE, source + ": more than " + MAX_KUBECONFIG_BYTES + " bytes: not a kubeconfig");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LabctlException(ExitCode.ERROR, "cannot read " + source + ": " + e.getMessage(), e);
            }
        }

        private static byte[] readFile(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new LabctlException(ExitCode.NOT_FOUND, file + ": no such kubeconfig file");
            }
            try (var in = Files.newInputStream(file)) {
                return in.readNBytes(MAX_KUBECONFIG_BYTES + 1);
            }
        }
    }

    /** {@code labctl clusters list}. */
    @Command(name = "list", aliases = "ls",
            description = {"List the clusters you may read: placement, API server, version, credential, impersonation."},
            footerHeading = "%nExamples:%n",
            footer = {"  labctl clusters list", "  labctl clusters list -o json | jq -r '.[].name'"})
    public static final class Listing implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;
        private final Clock clock;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Listing(Printer printer, ConfigMixin connection, Clock clock) {
            this.printer = printer;
            this.connection = connection;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            printer.list(connection.connect().clusters(), output.format(), "clusters", (clusters, wide) -> {
                List<List<String>> rows = new ArrayList<>();
                for (ClusterInfo cluster : clusters) {
                    rows.add(List.of(cluster.name(), cluster.cloud() + "/" + cluster.environment(), cluster.server(),
                            UserText.orNone(cluster.version()), cluster.credential(), cluster.impersonates() ? "yes" : "no",
                            Times.age(cluster.addedAt(), clock.instant())));
                }
                printer.table(List.of("name", "placement", "server", "version", "credential", "impersonates", "age"), rows);
            });
            return ExitCode.OK;
        }
    }

    /** {@code labctl clusters describe NAME}. */
    @Command(name = "describe",
            description = {"Show a cluster, never its credential.",
                "Its placement, API server and version, when labd last reached it, the credential's",
                "kind and user, and whether requests go as their labd user."},
            footerHeading = "%nExamples:%n",
            footer = {"  labctl clusters describe prod-eu", "  labctl clusters describe prod-eu -o yaml"})
    public static final class Describe implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "NAME", description = "The cluster.")
        private String name;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Describe(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            ClusterInfo cluster = connection.connect().cluster(name);
            OutputFormat format = output.format();
            if (!format.human()) {
                printer.document(cluster, format);
                return ExitCode.OK;
            }
            printer.line("Name:           " + cluster.name());
            printer.line("Placement:      " + cluster.cloud() + "/" + cluster.environment());
            printer.line("Server:         " + cluster.server());
            printer.line("Version:        " + UserText.orNone(cluster.version()));
            printer.line("Last reached:   " + UserText.orNone(cluster.lastReachedAt()));
            printer.line("Credential:     " + cluster.credential() + (cluster.user() == null ? "" : " (the cluster's user " + cluster.user() + ")"));
            printer.line("Impersonation:  " + (cluster.impersonates() ? "yes: requests go as their labd user (Impersonate-User)"
                    : "no: the cluster sees labd's credential; its RBAC and audit do not see the labd user"));
            printer.line("Added by:       " + cluster.addedBy() + " at " + cluster.addedAt());
            return ExitCode.OK;
        }
    }

    /** {@code labctl clusters remove NAME}. */
    @Command(name = "remove", aliases = "rm",
            description = {"Forget a cluster, with the credential labd kept for it. The cluster itself is untouched."},
            footerHeading = "%nExamples:%n",
            footer = {"  labctl clusters remove prod-eu"})
    public static final class Remove implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "NAME", description = "The cluster.")
        private String name;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Remove(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            printer.outcome(connection.connect().removeCluster(name), output.format(), r -> "cluster " + r.name() + " removed");
            return ExitCode.OK;
        }
    }

    /** {@code labctl clusters kubeconfig NAME}. */
    @Command(name = "kubeconfig",
            description = {"Write a kubeconfig that reaches the cluster through labd, for k9s, Lens or kubectl.",
                "It holds your own labd certificate and key (as your labctl config does) and labd's CA;",
                "its server is labd's kubectl proxy (/k8s/NAME). Written 0600."},
            footerHeading = "%nExamples:%n",
            footer = {"  labctl clusters kubeconfig prod-eu > ~/.kube/prod-eu.yaml",
                "  labctl clusters kubeconfig prod-eu --file prod-eu.kubeconfig"})
    public static final class Kubeconfig implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "NAME", description = "The cluster.")
        private String name;

        @Option(names = "--file", paramLabel = "PATH", description = "Write it there (0600) instead of to standard output.")
        private Path file;

        @Mixin
        private HelpMixin help;

        public Kubeconfig(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            ClientConfig config = connection.config();
            connection.connect(config).cluster(name); // exists, and readable: a clear error now rather than in k9s
            String text = kubeconfig(config, name);
            if (file == null) {
                printer.line(text.stripTrailing());
            } else {
                write(file, text);
                printer.line("kubeconfig for cluster " + name + " written to " + file);
            }
            return ExitCode.OK;
        }
    }

    /** A kubeconfig whose one context reaches {@code cluster} through labd's proxy as the config's user. */
    static String kubeconfig(ClientConfig config, String cluster) {
        return kubeconfig(config, cluster, null);
    }

    /**
     * The kubeconfig of labd's proxy for {@code cluster}; with a {@code session}, the server's path names it
     * ({@code /k8s/NAME@SESSION}), so that labd's audit log puts kubectl's requests in that labctl session.
     */
    static String kubeconfig(ClientConfig config, String cluster, String session) {
        if (config.cert() == null || config.key() == null || config.ca() == null) {
            throw new LabctlException(ExitCode.USAGE, "the labctl config " + config.source() + " has no client certificate, "
                    + "key and CA: a kubeconfig needs all three");
        }
        Base64.Encoder base64 = Base64.getEncoder();
        String user = config.user() == null ? "labctl" : config.user();
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: labd-" + cluster + "\n"
                + "  cluster:\n"
                + "    server: " + config.server() + "/k8s/" + cluster + (session == null ? "" : "@" + session) + "\n"
                + "    certificate-authority-data: " + base64.encodeToString(config.ca().getBytes(StandardCharsets.UTF_8)) + "\n"
                + "users:\n"
                + "- name: labd-" + user + "\n"
                + "  user:\n"
                + "    client-certificate-data: " + base64.encodeToString(config.cert().getBytes(StandardCharsets.UTF_8)) + "\n"
                + "    client-key-data: " + base64.encodeToString(config.key().getBytes(StandardCharsets.UTF_8)) + "\n"
                + "contexts:\n"
                + "- name: " + cluster + "\n"
                + "  context:\n"
                + "    cluster: labd-" + cluster + "\n"
                + "    user: labd-" + user + "\n"
                + "current-context: " + cluster + "\n";
    }

    /** Writes {@code text} to {@code file}, readable by its owner alone (it holds a private key). */
    static void write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
