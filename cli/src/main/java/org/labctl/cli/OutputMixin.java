package org.labctl.cli;

import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code -o table|wide|json|yaml} option; each command says its default and which forms it has. */
public final class OutputMixin {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputFormat.Converter.class,
            completionCandidates = OutputFormat.Labels.class,
            description = "Output format: ${COMPLETION-CANDIDATES}.")
    private OutputFormat format;

    /**
     * The format asked for, or the command's default.
     *
     * @throws ParameterException (exit code 2) when the command has no such form
     */
    public OutputFormat format(OutputFormat defaultFormat, OutputFormat... supported) {
        OutputFormat chosen = format == null ? defaultFormat : format;
        if (!Arrays.asList(supported).contains(chosen)) {
            throw new ParameterException(command.commandLine(), "'" + command.qualifiedName() + "' prints "
                    + OutputFormat.labels(supported) + ", not " + chosen.label());
        }
        return chosen;
    }
}
