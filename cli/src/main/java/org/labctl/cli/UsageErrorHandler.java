package org.labctl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** A command line labctl cannot parse: {@code error: <what>}, suggestions, the synopsis, and exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + describe(failure, command));
        if (!suggestCommands(failure, command, err)) {
            UnmatchedArgumentException.printSuggestions(failure, err);
        }
        if (failure instanceof MissingCommandException) {
            // nothing was asked for yet: the whole help is what the user needs
            err.println();
            command.usage(err);
        } else {
            err.print("Usage: " + command.getHelp().synopsis(0));
            err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for details and examples.");
        }
        err.flush();
        return ExitCode.USAGE;
    }

    /**
     * For an unknown command, the commands within two edits of it (a transposed pair counts as one, as kubectl's
     * suggestions do), nearest first: picocli's own similarity ranks {@code stacks} above {@code status} for
     * {@code stauts}.
     *
     * @return whether it printed any
     */
    private static boolean suggestCommands(ParameterException failure, CommandLine command, PrintWriter err) {
        if (!(failure instanceof UnmatchedArgumentException unmatched) || unmatched.isUnknownOption()
                || command.getSubcommands().isEmpty() || unmatched.getUnmatched().isEmpty()) {
            return false;
        }
        String typed = unmatched.getUnmatched().get(0);
        java.util.List<String> near = command.getSubcommands().keySet().stream()
                .filter(name -> distance(typed, name) <= 2)
                .sorted(java.util.Comparator.comparingInt((String name) -> distance(typed, name)).thenComparing(name -> name))
                .limit(3).map(name -> command.getCommandSpec().qualifiedName() + " " + name).toList();
        if (near.isEmpty()) {
            return false;
        }
        err.println("Did you mean: " + String.join(" or ", near) + "?");
        return true;
    }

    /** Edits between two words: insertions, deletions, substitutions and transpositions of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String describe(ParameterException failure, CommandLine command) {
        if (failure instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                && !command.getSubcommands().isEmpty() && !unmatched.getUnmatched().isEmpty()) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "' for '"
                    + command.getCommandSpec().qualifiedName() + "'";
        }
        if (failure instanceof UnmatchedArgumentException unmatched && unmatched.isUnknownOption()
                && unmatched.getUnmatched().size() > 1) {
            // a group stops at its first unknown word (Labctl#stopAtUnknownCommands): that one is the mistake
            return "unknown option: '" + unmatched.getUnmatched().get(0) + "'";
        }
        String message = failure.getMessage();
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
