package org.labctl.cli.command;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * The verb {@code bind}: gives a user what a resource grants, such as a role's permissions. Its
 * kinds are its subcommands (see {@link VerbCommand}).
 */
@Command(name = "bind", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "Bind a role to a user, written KIND/NAME or KIND NAME.",
            "labctl unbind takes it back."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl bind role ops --user bob",
            "  labctl bind role/viewer --user dave"})
public final class BindCommand extends VerbCommand {

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public BindCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }
}
