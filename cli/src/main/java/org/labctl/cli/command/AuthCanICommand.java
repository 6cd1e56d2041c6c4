package org.labctl.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.CanIAnswer;
import org.labctl.api.Permission;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl auth can-i ACTION KIND/NAME}: yes (exit 0) or no (exit 3), as kubectl auth can-i answers. */
@Command(name = "can-i",
        description = {
            "Ask whether you may do ACTION on a resource: prints yes or no.",
            "Exits 0 for yes and 3 for no, so scripts can test it. labd decides with your",
            "roles' rules as it would for the real request. -v adds the request as a",
            "permission (action:cloud:environment:name) and the rule that decided, or",
            "the missing permission. -o json or -o yaml prints labd's answer."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl auth can-i exec server/web-1",
            "  labctl auth can-i apply environment/baremetal/lab -v",
            "  labctl auth can-i manage users/all && labctl create user erin",
            "  labctl auth can-i read audit/all -o json"})
public final class AuthCanICommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", completionCandidates = Candidates.Actions.class,
            description = "The action: ${COMPLETION-CANDIDATES}, or * for all of them.")
    private String action;

    @Parameters(index = "1", paramLabel = "KIND/NAME",
            description = "The resource: server/NAME, environment/CLOUD/NAME, cloud/NAME, or users/, roles/, "
                    + "tokens/ or audit/ followed by any name.")
    private String resource;

    @Option(names = {"-v", "--verbose"}, description = "Also print the request and the rule that decided, or what is missing.")
    private boolean verbose;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public AuthCanICommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        if (!Permission.ANY.equals(action) && !Permission.ACTIONS.contains(action)) {
            throw new ParameterException(spec.commandLine(), "the action must be one of " + String.join(", ", Permission.ACTIONS)
                    + " or *, not '" + action + "'");
        }
        int slash = resource.indexOf('/');
        if (slash <= 0 || slash == resource.length() - 1) {
            throw new ParameterException(spec.commandLine(), "the resource is KIND/NAME, such as server/web-1, "
                    + "environment/baremetal/lab or users/all, not '" + resource + "'");
        }
        CanIAnswer answer = connection.connect().canI(action, resource);
        if (!format.human()) {
            printer.document(answer, format);
        } else {
            printer.line(answer.allowed() ? "yes" : "no");
            if (verbose) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("Request", UserText.orNone(answer.request()));
                fields.put("Reason", UserText.orNone(answer.reason()));
                printer.fields(fields);
            }
        }
        return answer.allowed() ? ExitCode.OK : ExitCode.PERMISSION_DENIED;
    }
}
