package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.UserInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl delete user/NAME}: labd revokes the user's certificates, then forgets the user. */
@Command(name = "user", aliases = "users",
        description = {
            "Delete a user and revoke its certificates.",
            "labd revokes the certificates first, so the user's labctl config stops",
            "working at once. User admin cannot be deleted."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl delete user/dave",
            "  labctl delete user dave"})
public final class DeleteUserCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", description = "The user.")
    private String name;

    @Mixin
    private HelpMixin help;

    public DeleteUserCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        UserInfo deleted = connection.connect().deleteUser(name);
        long revoked = UserText.unrevoked(deleted);
        printer.line("user " + name + " deleted (" + revoked + (revoked == 1 ? " certificate" : " certificates")
                + " revoked)");
        return ExitCode.OK;
    }
}
