package org.labctl.cli.command;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.RoleInfo;
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

/** {@code labctl describe role/NAME}: one role with its rules, one a line, and its users. */
@Command(name = "role", aliases = "roles",
        description = {
            "Show a role: its allow and deny rules and the users bound to it.",
            "Shows the description, whether labd built it in, who created it and when,",
            "then each rule (action:cloud:environment:name) and user on a line of its",
            "own. A deny rule overrides any allow, from any role. -o json or -o yaml",
            "prints what labd returns."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe role/ops",
            "  labctl describe role ops -o json | jq -r '.users[]'"})
public final class DescribeRoleCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", description = "The role.")
    private String name;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public DescribeRoleCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        RoleInfo role = connection.connect().role(name);
        if (!format.human()) {
            printer.document(role, format);
            return ExitCode.OK;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", role.name());
        fields.put("Description", UserText.orNone(role.description()));
        fields.put("Built in", RoleText.yesNo(role.builtin()));
        fields.put("Created by", UserText.orNone(role.createdBy()));
        fields.put("Created", role.createdAt() == null ? Times.UNKNOWN
                : role.createdAt() + " (" + Times.relative(role.createdAt(), clock.instant()) + ")");
        printer.fields(fields);
        printer.blankLine();
        list("Allows", role.allows());
        list("Denies", role.denies());
        list("Users", role.users());
        return ExitCode.OK;
    }

    /** {@code Allows:} and one item a line, indented, or {@code Allows: <none>}. */
    private void list(String label, List<String> items) {
        if (RoleText.orEmpty(items).isEmpty()) {
            printer.line(label + ": " + UserText.NONE);
            return;
        }
        printer.line(label + ":");
        items.forEach(item -> printer.line("  " + item));
    }
}
