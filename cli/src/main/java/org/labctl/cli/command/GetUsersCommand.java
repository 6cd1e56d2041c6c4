package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.UserInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl get users}: the users of labd, or one of them. */
@Command(name = "users", aliases = "user",
        description = {
            "List the users of labd.",
            "Shows who created each user, how many of its certificates are active,",
            "and when the last active one expires. -o wide adds the description and",
            "creation time; -o json or -o yaml prints the list as labd returns it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get users",
            "  labctl get user/dave -o wide",
            "  labctl get users -o json | jq -r '.[].name'"})
public final class GetUsersCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Show only this user.")
    private String name;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public GetUsersCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        LabdClient labd = connection.connect();
        if (name != null) {
            UserInfo user = labd.user(name);
            printer.one(user, format, this::table);
            return ExitCode.OK;
        }
        printer.list(labd.users(), format, "users", this::table);
        return ExitCode.OK;
    }

    private void table(List<UserInfo> users, boolean wide) {
        Instant now = clock.instant();
        List<String> headers = new ArrayList<>(List.of("name", "created-by", "age", "certificates", "expires"));
        if (wide) {
            headers.addAll(List.of("created", "description"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (UserInfo user : users) {
            List<String> row = new ArrayList<>(List.of(user.name(), UserText.orNone(user.createdBy()),
                    Times.age(user.createdAt(), now), UserText.certificateCount(user, now), UserText.expires(user, now)));
            if (wide) {
                row.add(UserText.orNone(user.createdAt()));
                row.add(UserText.orNone(user.description()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }
}
