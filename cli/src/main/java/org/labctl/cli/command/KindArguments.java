package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Runs when picocli starts parsing a verb's arguments. It adds the verb's kinds (see {@link VerbCommand})
 * and lets the verb take its resource as kubectl does, while each kind stays a subcommand with its
 * own options and help: {@code describe user/dave} is read as {@code describe user dave}, options
 * written before the kind ({@code get -o json users}) move behind it, where the kind's command has
 * them, and an unknown kind is a usage error that lists the known ones (DESIGN.md §3).
 */
public final class KindArguments implements IParameterPreprocessor {

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec verb, ArgSpec argSpec, Map<String, Object> info) {
        ((VerbCommand) verb.userObject()).addKinds(verb.commandLine());
        // the stack's top is the next argument: reversed, the rest of the command line in order
        List<String> rest = new ArrayList<>(args);
        Collections.reverse(rest);
        int kindAt = firstWordAt(rest, verb);
        if (kindAt < 0) {
            String implied = ((VerbCommand) verb.userObject()).impliedKind(rest);
            if (implied != null) {
                args.push(implied); // the arguments stay as they were, after the kind
            }
            return false;
        }
        String word = rest.get(kindAt);
        int slash = word.indexOf('/');
        String kind = slash < 0 ? word : word.substring(0, slash);
        if (!verb.subcommands().containsKey(kind)) {
            throw ((VerbCommand) verb.userObject()).unknownKind(kind);
        }
        List<String> reordered = new ArrayList<>();
        reordered.add(kind);
        if (slash >= 0) {
            String name = word.substring(slash + 1);
            if (name.isEmpty()) {
                throw new ParameterException(verb.commandLine(), "'" + word + "' names no " + kind
                        + ": write " + kind + "/NAME");
            }
            reordered.add(name);
        }
        reordered.addAll(rest.subList(0, kindAt));
        reordered.addAll(rest.subList(kindAt + 1, rest.size()));
        args.clear();
        for (int i = reordered.size() - 1; i >= 0; i--) {
            args.push(reordered.get(i));
        }
        return false;
    }

    /** The index of the first argument that is neither an option nor an option's value, or -1. */
    private static int firstWordAt(List<String> rest, CommandSpec verb) {
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals(verb.parser().endOfOptionsDelimiter())) {
                return -1;
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                return i;
            }
            if (!arg.contains("=") && takesValue(arg, verb)) {
                i++;
            }
        }
        return -1;
    }

    /** Whether {@code name} is an option of the verb or of one of its kinds that takes a separate value. */
    private static boolean takesValue(String name, CommandSpec verb) {
        OptionSpec option = verb.findOption(name);
        for (CommandLine kind : verb.subcommands().values()) {
            if (option == null) {
                option = kind.getCommandSpec().findOption(name);
            }
        }
        return option != null && option.arity().min() > 0;
    }
}
