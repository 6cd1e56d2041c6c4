package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.labctl.api.LabelChange;
import org.labctl.api.ServerInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl label server/NAME k=v k2-}: sets and removes a server's labels in one request. */
@Command(name = "server", aliases = "servers",
        description = {
            "Set or remove labels of a server.",
            "KEY=VALUE sets a label (replacing its value), KEY- removes it; labd applies",
            "all changes at once. get servers -l KEY=VALUE selects by label. -o json or",
            "-o yaml prints the server as it is afterwards."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl label server/web-1 rack=r2 role=db",
            "  labctl label server/web-1 rack-",
            "  labctl label server web-1 os=debian tier- -o json"})
public final class LabelServerCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The server.")
    private String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE|KEY-",
            description = "A label to set, such as rack=r1, or to remove, such as rack-.")
    private List<String> changes;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public LabelServerCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        LabelChange change = change();
        ServerInfo server = connection.connect().labelServer(name, change);
        if (format.human()) {
            printer.line("server/" + name + " labeled");
        } else {
            printer.document(server, format);
        }
        return ExitCode.OK;
    }

    /** The arguments as labd's change; a malformed or contradictory one is a usage error. */
    private LabelChange change() {
        Map<String, String> set = new TreeMap<>();
        List<String> remove = new ArrayList<>();
        for (String argument : changes) {
            int equals = argument.indexOf('=');
            String key;
            if (equals > 0) {
                key = argument.substring(0, equals);
            } else if (equals < 0 && argument.length() > 1 && argument.endsWith("-")) {
                key = argument.substring(0, argument.length() - 1);
            } else {
                throw new ParameterException(spec.commandLine(), "'" + argument
                        + "' is not a label change: write KEY=VALUE to set a label, KEY- to remove it");
            }
            if (set.containsKey(key) || remove.contains(key)) {
                throw new ParameterException(spec.commandLine(), "label " + key + " is changed twice: change each key once");
            }
            if (equals > 0) {
                set.put(key, argument.substring(equals + 1));
            } else {
                remove.add(key);
            }
        }
        return new LabelChange(set, remove);
    }
}
