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
            "For now the audit log: one row for every request labd answered, allowed,",
            "denied or failed."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs audit --since 1h",
            "  labctl logs audit --result denied -f",
            "  labctl logs audit/4f1c2a9b0d8e4c7fa6b5e3d2c1b0a998   # what one labctl invocation did"})
public final class LogsCommand extends VerbCommand {

    /** Kinds whose logs labd will stream (DESIGN.md §1, bundles/logs), which this labctl cannot read yet. */
    private static final Set<String> COMING = Set.of("server", "servers", "app", "apps", "pulumi", "bastion");

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public LogsCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }

    @Override
    protected String unknownKindMessage(String kind) {
        if (COMING.contains(kind)) {
            return "'labctl logs " + kind + "' is not available yet: this labctl reads only the audit log "
                    + "(labctl logs audit)";
        }
        return super.unknownKindMessage(kind);
    }
}
