package org.labctl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one line {@code error: <message>} on stderr and its exit code.
 * Unexpected exceptions are bugs: their stack trace is shown when {@code LABCTL_DEBUG} is set.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    static final String DEBUG_ENV = "LABCTL_DEBUG";

    private final boolean debug;

    ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (failure instanceof LabctlException known) {
            err.println("error: " + known.getMessage());
            if (debug) {
                known.printStackTrace(err);
            }
            err.flush();
            return known.exitCode();
        }
        err.println("error: unexpected " + failure + (debug ? "" : " (set " + DEBUG_ENV + "=1 to see where)"));
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return ExitCode.ERROR;
    }
}
