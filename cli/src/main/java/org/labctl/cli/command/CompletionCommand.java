package org.labctl.cli.command;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.cli.ExitCode;
import org.labctl.cli.FishCompletion;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.Printer;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a shell completion script generated from the command tree. */
@Command(name = "completion",
        description = "Print a completion script for bash or fish, generated from labctl's commands and options.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(labctl completion bash)                          # this shell",
            "  labctl completion bash > /etc/bash_completion.d/labctl    # every shell",
            "  labctl completion fish > ~/.config/fish/completions/labctl.fish"})
public final class CompletionCommand implements Callable<Integer> {

    private final Printer printer;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class,
            description = "The shell: ${COMPLETION-CANDIDATES}.")
    private String shell;

    @Mixin
    private HelpMixin help;

    public CompletionCommand(Printer printer) {
        this.printer = printer;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        VerbCommand.addAllKinds(root);
        String name = spec.root().name();
        switch (shell) {
            case "bash" -> printer.text(AutoComplete.bash(name, root));
            case "fish" -> printer.text(FishCompletion.script(name, root.getCommandSpec()));
            default -> throw new ParameterException(spec.commandLine(),
                    "unsupported shell '" + shell + "': use one of " + String.join(", ", new Shells()));
        }
        return ExitCode.OK;
    }

    /** The shells there is a generator for. */
    public static final class Shells implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("bash", "fish").iterator();
        }
    }
}
