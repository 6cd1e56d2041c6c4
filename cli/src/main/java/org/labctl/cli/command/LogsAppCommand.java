package org.labctl.cli.command;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code labctl logs app/NAME --cluster C} and {@code labctl logs --cluster C -l SELECTOR}: the logs of an app's pods, or
 * of the pods a label selector picks, through labd's kubectl proxy (your kubectl, as {@code labctl kubectl} runs it).
 */
@Command(name = "app", aliases = "apps",
        customSynopsis = {
            "labctl logs app/NAME --cluster CLUSTER [-n NAMESPACE] [-c CONTAINER] [-f] [--tail N] [--since DURATION]",
            "labctl logs --cluster CLUSTER -l SELECTOR [-n NAMESPACE] [-c CONTAINER] [-f] [--tail N] [--since DURATION]"},
        description = {
            "Print the logs of an app's pods, or of the pods a selector picks; -f follows them.",
            "Each line is prefixed with its pod and container.",
            "An app's pods are those labelled " + LogsAppCommand.APP_LABEL + "=NAME (what Helm",
            "and labctl's apps label). The logs come through labd's kubectl proxy with your",
            "kubectl, as labctl kubectl runs it: labd checks kubectl:CLOUD:ENV:CLUSTER and",
            "audits each pod's log request. -f follows the pods that exist when it starts."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the logs were printed (or followed until the pods went), or no pod matched (kubectl says so)",
            "1:kubectl failed (a container that does not exist…): its message says why",
            "2:usage error (neither or both of NAME and --selector)",
            "3:permission denied: you may not use the cluster",
            "4:no such cluster, or kubectl is not installed",
            "5:cannot reach labd or the cluster"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs app/web --cluster lab -n shop -f",
            "  labctl logs --cluster lab -l app=web,tier=front --tail 20",
            "  labctl logs app/web --cluster lab -c nginx --since 10m"})
public final class LogsAppCommand implements Callable<Integer> {

    /** The label that names the app a pod belongs to. */
    static final String APP_LABEL = "app.kubernetes.io/instance";
    /** How many pods kubectl follows at once (its default is 5). */
    private static final int MAX_PODS = 50;
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final ConfigMixin connection;
    private final Map<String, String> env;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The app (app/NAME or NAME).")
    private String app;

    @Option(names = "--cluster", required = true, paramLabel = "CLUSTER", description = "The cluster, as labctl clusters list names it.")
    private String cluster;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Pods with these labels (app=web,tier!=db), instead of an app.")
    private String selector;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "The pods' namespace (else the kubeconfig's, default).")
    private String namespace;

    @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER", description = "Only this container (else all of each pod's).")
    private String container;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    private boolean follow;

    @Option(names = {"--tail", "--lines"}, paramLabel = "N", description = "Only the last N lines of each container.")
    private Integer tail;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only lines newer than this (30s, 10m, 2h).")
    private String since;

    @Mixin
    private HelpMixin help;

    public LogsAppCommand(ConfigMixin connection, Map<String, String> env) {
        this.connection = connection;
        this.env = env;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        return KubectlCommand.run(connection, env, cluster, arguments());
    }

    /** kubectl's arguments; each value joined to its option, so that none can be read as an option of kubectl's. */
    List<String> arguments() {
        if ((app == null) == (selector == null)) {
            throw new LabctlException(ExitCode.USAGE, "name an app (labctl logs app/NAME --cluster C) or select pods with "
                    + "--selector (labctl logs --cluster C -l app=web), not " + (app == null ? "neither" : "both"));
        }
        if (app != null && !APP_NAME.matcher(app).matches()) {
            throw new LabctlException(ExitCode.USAGE, "'" + app + "' is not an app's name: lower-case letters, digits and '-'");
        }
        if (tail != null && tail < 0) {
            throw new LabctlException(ExitCode.USAGE, "--tail must be 0 or more, not " + tail);
        }
        if (since != null && !since.matches("[0-9]+(ms|s|m|h)([0-9]+(ms|s|m|h))*")) {
            throw new LabctlException(ExitCode.USAGE, "--since takes a duration such as 30s, 10m or 2h, not '" + since + "'");
        }
        List<String> arguments = new ArrayList<>(List.of("logs", "--selector=" + (app != null ? APP_LABEL + "=" + app : selector),
                "--prefix", "--max-log-requests=" + MAX_PODS));
        arguments.add(container == null ? "--all-containers" : "--container=" + container);
        if (namespace != null) {
            arguments.add("--namespace=" + namespace);
        }
        if (follow) {
            arguments.add("--follow");
        }
        if (tail != null) {
            arguments.add("--tail=" + tail);
        }
        if (since != null) {
            arguments.add("--since=" + since);
        }
        return arguments;
    }
}
