package org.labctl.cli.command;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/** The verb {@code unbind}: undoes {@code bind}. Its kinds are its subcommands (see {@link VerbCommand}). */
@Command(name = "unbind", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "Unbind a role from a user, written KIND/NAME or KIND NAME.",
            "The user keeps what other roles grant."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl unbind role ops --user bob",
            "  labctl unbind role/viewer --user dave"})
public final class UnbindCommand extends VerbCommand {

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public UnbindCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }
}
