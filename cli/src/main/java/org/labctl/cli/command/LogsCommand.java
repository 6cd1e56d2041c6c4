package org.labctl.cli.command;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * The verb {@code logs}: prints, and with {@code -f} follows, the log of a resource, written KIND or
 * KIND/NAME ({@code logs audit/SESSION}). Its kinds are its subcommands (see {@link VerbCommand});
 * the logs of servers, apps and runs will be kinds of it too.
 */
@Command(name = "logs", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "Print a log, written KIND or KIND/NAME; -f follows it.",
            "A server's journal or log files (server/NAME, or several servers selected with",
            "-l KEY=VALUE, --env or --cloud), its agent's log (agent/NAME), what a module",
            "did on a server (module/NAME --server S), a bastion's provisioning events",
            "(bastion/ENV), labd's audit log (audit), or the pods of an app on a cluster",
            "(app/NAME --cluster C, or --cluster C -l SELECTOR), or a Pulumi run's output",
            "(pulumi/RUN-ID)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs server/web-1 -u k3s -n 100 -f",
            "  labctl logs server/web-1 --file /var/log/nginx/error.log -f",
            "  labctl logs --env lab -u k3s -f",
            "  labctl logs agent/web-1",
            "  labctl logs module/chrony --server web-1 -f",
            "  labctl logs bastion/lab --mac 52:54:00:12:34:56 -f",
            "  labctl logs app/web --cluster lab -n shop -f",
            "  labctl logs --cluster lab -l app=web --tail 20",
            "  labctl logs pulumi/3f9a0c1d2e4b5a69 -f",
            "  labctl logs audit --since 1h",
            "  labctl logs audit --result denied -f",
            "  labctl logs audit/4f1c2a9b0d8e4c7fa6b5e3d2c1b0a998   # what one labctl run did"})
public final class LogsCommand extends VerbCommand {

    /** The options of {@link ServerSelection}, which select servers. */
    private static final Set<String> SELECTION = Set.of("-l", "--selector", "--label", "--env", "--environment", "--cloud");

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public LogsCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }

    /** {@code labctl logs -l role=worker -u k3s} or {@code labctl logs --env lab}: -l, --env and --cloud select servers. */
    @Override
    protected String impliedKind(List<String> args) {
        // on a cluster, -l selects pods
        if (args.stream().anyMatch(arg -> arg.equals("--cluster") || arg.startsWith("--cluster="))) {
            return "app";
        }
        for (String arg : args) {
            String name = arg.startsWith("--") && arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (SELECTION.contains(name) || arg.startsWith("-l") && !arg.startsWith("--")) {
                return "server";
            }
        }
        return null;
    }

    @Override
    protected String unknownKindMessage(String kind) {
        return super.unknownKindMessage(kind) + " (for a server's logs write server/" + kind + ")";
    }
}
