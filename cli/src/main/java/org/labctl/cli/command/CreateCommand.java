package org.labctl.cli.command;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * The verb {@code create}: makes a resource. Its kinds, such as {@code user}, are its
 * subcommands (see {@link VerbCommand}).
 */
@Command(name = "create", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "Create a resource: a user, a join token, a cloud, an environment or a role.",
            "A user comes with its labctl config; a join token lets a lab-agent enroll."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl create user dave --description \"on-call\"",
            "  TOKEN=$(labctl create token --env lab --label rack=r1)",
            "  labctl create environment lab --cloud baremetal",
            "  labctl create role lab-operator --allow 'exec:baremetal:lab:*'"})
public final class CreateCommand extends VerbCommand {

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public CreateCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }
}
