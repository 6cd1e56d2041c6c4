package org.labctl.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.cli.ClientConfig;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the resolved config with the private key redacted. */
@Command(name = "view",
        description = {
            "Print the labctl config in use, with the private key shown as REDACTED.",
            "Prints YAML by default, -o json for JSON.",
            "The config is --config FILE, else $LABCTL_CONFIG,",
            "else ~/.config/labctl/config.yaml."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl config view",
            "  labctl config view -o json | jq -r .server",
            "  labctl config view --show-path    # just the file in use"})
public final class ConfigViewCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Option(names = "--show-path", description = "Print only the path of the config file in use.")
    private boolean showPath;

    @Mixin
    private OutputMixin.YamlJson output;

    @Mixin
    private HelpMixin help;

    public ConfigViewCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        if (showPath) {
            printer.line(connection.location().path().toAbsolutePath().normalize().toString());
            return ExitCode.OK;
        }
        OutputFormat format = output.format();
        printer.document(redacted(connection.config()), format);
        return ExitCode.OK;
    }

    /** The keys that are set, in the file's order of documentation; the key's value never leaves. */
    private static Map<String, String> redacted(ClientConfig config) {
        Map<String, String> document = new LinkedHashMap<>();
        document.put("server", config.server().toString());
        putIfSet(document, "user", config.user());
        putIfSet(document, "ca", config.ca());
        putIfSet(document, "cert", config.cert());
        putIfSet(document, "key", config.key() == null ? null : ClientConfig.REDACTED);
        return document;
    }

    private static void putIfSet(Map<String, String> document, String key, String value) {
        if (value != null) {
            document.put(key, value);
        }
    }
}
