package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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

/** {@code labctl get tokens}: the join tokens, without their secrets. */
@Command(name = "tokens", aliases = "token",
        description = {
            "List the join tokens lab-agents enrol with.",
            "Shows how many uses each has left, when it expires, where enrolled servers",
            "go (SCOPE) and its state; a token's secret is never shown again. -o wide",
            "adds uses so far, creator, age, last use and description; -o json or",
            "-o yaml prints the list as labd returns it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get tokens",
            "  labctl get tokens -o wide",
            "  labctl get tokens -o json | jq -r '.[] | select(.state == \"active\") | .id'"})
public final class GetTokensCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public GetTokensCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        printer.list(connection.connect().tokens(), format, "tokens", this::table);
        return ExitCode.OK;
    }

    private void table(List<TokenInfo> tokens, boolean wide) {
        Instant now = clock.instant();
        List<String> headers = new ArrayList<>(List.of("id", "kind", "uses-left", "expires", "scope", "state"));
        if (wide) {
            headers.addAll(List.of("uses", "created-by", "age", "last-used", "description"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (TokenInfo token : tokens) {
            List<String> row = new ArrayList<>(List.of(token.id(), token.kind(), TokenText.usesLeft(token),
                    Times.until(token.expiresAt(), now, "never"), TokenText.scope(token), token.state()));
            if (wide) {
                row.add(Integer.toString(token.uses()));
                row.add(UserText.orNone(token.createdBy()));
                row.add(Times.age(token.createdAt(), now));
                row.add(token.lastUsedAt() == null ? "never" : Times.relative(token.lastUsedAt(), now));
                row.add(UserText.orNone(token.description()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }
}
