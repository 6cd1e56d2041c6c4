package org.labctl.cli.command;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * The verb {@code delete}: removes one resource. Its kinds, such as {@code user}, are its
 * subcommands (see {@link VerbCommand}).
 */
@Command(name = "delete", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "Delete one resource, written KIND/NAME or KIND NAME.",
            "Deleting a user revokes its certificates; deleting a token revokes it;",
            "deleting a server revokes its agent's certificate."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl delete user/dave",
            "  labctl delete token 9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60",
            "  labctl delete server/web-1",
            "  labctl delete role/lab-operator"})
public final class DeleteCommand extends VerbCommand {

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public DeleteCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }
}
