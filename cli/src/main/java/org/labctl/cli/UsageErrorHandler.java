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
        UnmatchedArgumentException.printSuggestions(failure, err);
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
