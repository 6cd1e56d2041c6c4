package org.labctl.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code -o FORMAT} option. A command mixes in the class that names the forms it prints
 * ({@link All}: table, wide, json and yaml; {@link TableJsonYaml}; {@link TableJson};
 * {@link YamlJson}), the first of them its default, so that its help, shell completion and the
 * check of {@code -o} all say the same: one list given once, where a description of every form
 * beside a check of fewer had help offer {@code -o yaml} to commands that refuse it. Each class
 * declares the option itself, since picocli reads an annotation on a method in every class of a
 * hierarchy (an override would declare {@code -o} twice).
 */
public abstract class OutputMixin {

    private final List<OutputFormat> forms;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private OutputFormat format;

    /** @param forms what the command prints, its default first */
    OutputMixin(OutputFormat... forms) {
        this.forms = List.of(forms);
    }

    /**
     * What -o chose, set by each class's option while picocli parses the command line.
     *
     * @throws ParameterException (exit code 2) when the command does not print that form
     */
    void choose(String label) {
        if (label == null) {
            format = null;
            return;
        }
        for (OutputFormat form : forms) {
            if (form.label().equals(label.toLowerCase(Locale.ROOT))) {
                format = form;
                return;
            }
        }
        throw new ParameterException(command.commandLine(), "'" + command.qualifiedName() + "' prints "
                + OutputFormat.labels(forms.toArray(OutputFormat[]::new)) + ", not " + label);
    }

    /** The format asked for, or the command's default. */
    public OutputFormat format() {
        return format == null ? forms.get(0) : format;
    }

    /** Table (the default), wide, json and yaml. */
    public static final class All extends OutputMixin {
        public All() {
            super(OutputFormat.TABLE, OutputFormat.WIDE, OutputFormat.JSON, OutputFormat.YAML);
        }

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                completionCandidates = AllLabels.class, description = "Output format: table (the default), wide, json or yaml.")
        void output(String chosen) {
            choose(chosen);
        }
    }

    /** Table (the default), json and yaml: a command whose table has no wider form. */
    public static final class TableJsonYaml extends OutputMixin {
        public TableJsonYaml() {
            super(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.YAML);
        }

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                completionCandidates = TableJsonYamlLabels.class, description = "Output format: table (the default), json or yaml.")
        void output(String chosen) {
            choose(chosen);
        }
    }

    /** Text (the default) and json: a stream, one JSON object a line (JSON Lines) with json. */
    public static final class TableJson extends OutputMixin {
        public TableJson() {
            super(OutputFormat.TABLE, OutputFormat.JSON);
        }

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                completionCandidates = TableJsonLabels.class,
                description = "Output format: table (the default: the lines as they are) or json (one JSON object a line).")
        void output(String chosen) {
            choose(chosen);
        }
    }

    /** Yaml (the default) and json: a document with no table form. */
    public static final class YamlJson extends OutputMixin {
        public YamlJson() {
            super(OutputFormat.YAML, OutputFormat.JSON);
        }

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
                completionCandidates = YamlJsonLabels.class, description = "Output format: yaml (the default) or json.")
        void output(String chosen) {
            choose(chosen);
        }
    }

    /** What {@link All} offers for completion. */
    public static final class AllLabels extends Labels {
        public AllLabels() {
            super(new All());
        }
    }

    /** What {@link TableJsonYaml} offers for completion. */
    public static final class TableJsonYamlLabels extends Labels {
        public TableJsonYamlLabels() {
            super(new TableJsonYaml());
        }
    }

    /** What {@link TableJson} offers for completion. */
    public static final class TableJsonLabels extends Labels {
        public TableJsonLabels() {
            super(new TableJson());
        }
    }

    /** What {@link YamlJson} offers for completion. */
    public static final class YamlJsonLabels extends Labels {
        public YamlJsonLabels() {
            super(new YamlJson());
        }
    }

    /** The labels of a mixin's forms, in its order, for shell completion. */
    abstract static class Labels implements Iterable<String> {
        private final List<String> labels;

        Labels(OutputMixin forms) {
            this.labels = forms.forms.stream().map(OutputFormat::label).toList();
        }

        @Override
        public Iterator<String> iterator() {
            return labels.iterator();
        }
    }

    @Override
    public String toString() {
        return forms.toString();
    }
}
