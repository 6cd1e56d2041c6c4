package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Labels;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How {@code get servers}, {@code exec} and {@code logs} select servers: {@code -l KEY=VALUE[,...]}
 * (repeatable), {@code --env} and {@code --cloud}, each narrowing the others. One mixin and one
 * parser ({@link Labels#selector}, which labd runs too), so that {@code -l rack=r1,tier=gold}
 * means the same to every command.
 */
public final class ServerSelection {

    @Option(names = {"-l", "--selector", "--label"}, paramLabel = "KEY=VALUE[,...]",
            description = "Servers with all of these labels, such as rack=r1,tier=gold (or -l rack=r1 -l tier=gold).")
    private List<String> selectors;

    @Option(names = {"--env", "--environment"}, paramLabel = "ENV", description = "Servers in this environment.")
    private String environment;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "Servers in this cloud.")
    private String cloud;

    /** Whether any of -l, --env and --cloud was given. */
    boolean any() {
        return selectors != null && !selectors.isEmpty() || environment != null || cloud != null;
    }

    String environment() {
        return environment;
    }

    String cloud() {
        return cloud;
    }

    /**
     * The labels of every -l, checked; empty without -l.
     *
     * @throws ParameterException from {@code usage} when a selector is not KEY=VALUE[,...] or names a key twice
     */
    Map<String, String> labels(Function<String, ParameterException> usage) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String selector : selectors == null ? List.<String>of() : selectors) {
            Map<String, String> more;
            try {
                more = Labels.selector(selector);
                if (more.isEmpty()) {
                    throw new InvalidArgument("label selector '' is not KEY=VALUE: write KEY=VALUE pairs separated by "
                            + "commas, such as rack=r1,tier=gold");
                }
            } catch (InvalidArgument e) {
                throw usage.apply("-l: " + e.getMessage());
            }
            for (Map.Entry<String, String> label : more.entrySet()) {
                String before = labels.put(label.getKey(), label.getValue());
                if (before != null && !before.equals(label.getValue())) {
                    throw usage.apply("-l selects " + label.getKey() + "=" + before + " and " + label.getKey() + "="
                            + label.getValue() + ": a server has one value for each label");
                }
            }
        }
        return labels;
    }

    /** The labels as labd's {@code selector} parameter takes them, {@code rack=r1,tier=gold}, or null for none. */
    static String selector(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return null;
        }
        List<String> pairs = new ArrayList<>();
        labels.forEach((key, value) -> pairs.add(key + "=" + value));
        return String.join(",", pairs);
    }

    /**
     * The selection as written, for messages: {@code -l rack=r1 --env lab}. When a label is named
     * like a placement ({@code -l env=lab}), it says that --env selects the environment.
     */
    String describe(Map<String, String> labels) {
        List<String> words = new ArrayList<>();
        if (!labels.isEmpty()) {
            words.add("-l " + selector(labels));
        }
        if (environment != null) {
            words.add("--env " + environment);
        }
        if (cloud != null) {
            words.add("--cloud " + cloud);
        }
        String placement = labels.containsKey("env") ? "env" : labels.containsKey("environment") ? "environment"
                : labels.containsKey("cloud") ? "cloud" : null;
        String hint = placement == null ? "" : " (-l " + placement + "=" + labels.get(placement) + " selects servers labelled "
                + placement + "; --" + (placement.equals("cloud") ? "cloud " : "env ") + labels.get(placement)
                + " selects the servers " + (placement.equals("cloud") ? "in that cloud" : "in that environment") + ")";
        return String.join(" ", words) + hint;
    }
}
