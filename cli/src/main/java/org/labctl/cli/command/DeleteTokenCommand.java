package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.TokenInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl delete token ID}: revokes a join token; labd keeps it, listed as revoked. */
@Command(name = "token", aliases = "tokens",
        description = {
            "Revoke a join token.",
            "No lab-agent can enrol with it any more; servers that enrolled with it stay.",
            "labctl get tokens lists the ids."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl delete token 9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60",
            "  labctl get tokens -o json | jq -r '.[] | select(.state == \"active\") | .id' \\",
            "      | xargs -n1 labctl delete token      # revoke every active token"})
public final class DeleteTokenCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "ID", description = "The token's id, as labctl get tokens shows it.")
    private String id;

    @Mixin
    private HelpMixin help;

    public DeleteTokenCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        TokenInfo revoked = connection.connect().deleteToken(id);
        printer.line("token " + TokenText.shortId(revoked.id() == null ? id : revoked.id()) + " revoked");
        return ExitCode.OK;
    }
}
