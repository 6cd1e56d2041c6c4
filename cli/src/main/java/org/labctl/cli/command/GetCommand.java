package org.labctl.cli.command;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * The verb {@code get}: lists the resources of one kind. Its kinds, such as {@code user}, are its
 * subcommands (see {@link VerbCommand}).
 */
@Command(name = "get", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "List resources of one kind: a table for people, -o json or -o yaml for scripts.",
            "The kind may be singular or plural; user/NAME shows one user."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get users",
            "  labctl get user/dave -o wide",
            "  labctl get servers --env lab -l rack=r1",
            "  labctl get permissions --user bob",
            "  labctl get tokens -o json | jq -r '.[] | select(.state == \"active\") | .id'"})
public final class GetCommand extends VerbCommand {

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public GetCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }
}
