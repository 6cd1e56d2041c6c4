package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs when picocli starts parsing {@code labctl exec}'s arguments. It adds exec's options
 * ({@link ExecCommand#build}) and takes the remote command off the command line: everything after
 * the first {@code --} belongs to the command as written ({@code -- ls -l} must not set labctl's
 * {@code -l}, nor {@code -- sh -c 'x' -- y} lose its second {@code --}), and is handed to
 * {@link ExecCommand}. As for picocli, {@code --} is never an option's value.
 */
public final class ExecArguments implements IParameterPreprocessor {

    static final String END_OF_OPTIONS = "--";

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec exec, ArgSpec argSpec, Map<String, Object> info) {
        ExecCommand command = (ExecCommand) exec.userObject();
        command.build(exec.commandLine());
        // the stack's top is the next argument: reversed, the rest of the command line in order
        List<String> rest = new ArrayList<>(args);
        Collections.reverse(rest);
        int delimiter = rest.indexOf(END_OF_OPTIONS);
        if (delimiter < 0) {
            command.command(List.of());
            return false;
        }
        command.command(rest.subList(delimiter + 1, rest.size()));
        args.clear();
        for (int i = delimiter - 1; i >= 0; i--) {
            args.push(rest.get(i));
        }
        return false;
    }
}
