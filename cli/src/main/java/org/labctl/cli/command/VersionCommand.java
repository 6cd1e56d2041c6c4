package org.labctl.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.VersionInfo;
import org.labctl.cli.ClientVersion;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the versions of labctl and of labd. */
@Command(name = "version",
        description = {
            "Print the version of labctl and of the labd it is configured for.",
            "Prints text by default (-o wide adds labd's Java and Karaf), -o json or -o yaml for scripts.",
            "When labd cannot be reached, the client version is still printed, then the error (exit code 5)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl version",
            "  labctl version --client          # needs neither a config nor labd",
            "  labctl version -o json | jq -r .server.version"})
public final class VersionCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Option(names = "--client", description = "Print only the labctl version; needs neither a config nor labd.")
    private boolean clientOnly;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public VersionCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        String client = ClientVersion.current();
        if (format.human()) {
            printer.line("Client Version: " + client);
            if (!clientOnly) {
                VersionInfo server = connection.connect().version();
                printer.line("Server Version: " + server.version());
                if (format == OutputFormat.WIDE) {
                    printer.line("Server Java: " + server.java());
                    printer.line("Server Karaf: " + server.karaf());
                }
            }
            return ExitCode.OK;
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("client", Map.of("version", client));
        if (!clientOnly) {
            try {
                document.put("server", connection.connect().version());
            } catch (LabctlException serverFailed) {
                printer.document(document, format);
                throw serverFailed;
            }
        }
        printer.document(document, format);
        return ExitCode.OK;
    }
}
