package org.labctl.cli.command;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * The verb {@code move}: places one resource somewhere else. Its kinds, such as {@code server}, are
 * its subcommands (see {@link VerbCommand}).
 */
@Command(name = "move", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "Move one resource, written KIND/NAME or KIND NAME, to another place.",
            "Needs manage where it is and where it goes."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl move server/web-1 --env prod",
            "  labctl move server web-1 --env east --cloud aws"})
public final class MoveCommand extends VerbCommand {

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public MoveCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }
}
