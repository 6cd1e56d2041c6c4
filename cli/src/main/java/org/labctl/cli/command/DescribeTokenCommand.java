package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.TokenDetail;
import org.labctl.api.TokenInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl describe token/ID}: one join token (never its secret) and the servers it enrolled. */
@Command(name = "token", aliases = "tokens",
        description = {
            "Show a join token and the servers that enrolled with it.",
            "Shows its state, uses, expiry, where enrolled servers go, who created it",
            "and when it was last used; its secret is never shown again. Needs",
            "read:*:*:tokens; the servers listed are those you may read. -o json or",
            "-o yaml prints what labd returns."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe token/9f2c1e0a4b5c6d7e8f90123456789abc",
            "  labctl describe token 9f2c1e0a4b5c6d7e8f90123456789abc -o json | jq '.servers'"})
public final class DescribeTokenCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "ID", description = "The token's id (labctl get tokens shows them).")
    private String id;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public DescribeTokenCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        TokenDetail detail = connection.connect().token(id);
        if (!format.human()) {
            printer.document(detail, format);
            return ExitCode.OK;
        }
        Instant now = clock.instant();
        TokenInfo token = detail.token();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ID", token.id());
        fields.put("Kind", token.kind());
        fields.put("State", token.state());
        fields.put("Uses", Integer.toString(token.uses()));
        fields.put("Uses left", TokenText.usesLeft(token));
        fields.put("Expires", DescribeText.time(token.expiresAt(), now, "never"));
        fields.put("Places servers in", ServerText.placement(token.cloud(), token.environment()));
        fields.put("Labels", ServerText.labels(token.labels()));
        fields.put("MAC", UserText.orNone(token.mac()));
        fields.put("Description", UserText.orNone(token.description()));
        fields.put("Created by", UserText.orNone(token.createdBy()));
        fields.put("Created", DescribeText.time(token.createdAt(), now, Times.UNKNOWN));
        fields.put("Last used", DescribeText.time(token.lastUsedAt(), now, "never"));
        printer.fields(fields);
        printer.blankLine();
        List<String> servers = detail.servers() == null ? List.of() : detail.servers();
        if (servers.isEmpty()) {
            printer.line("Servers enrolled: " + UserText.NONE);
        } else {
            printer.line("Servers enrolled:");
            servers.forEach(server -> printer.line("  " + server));
        }
        return ExitCode.OK;
    }
}
