package org.labctl.cli.command;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The {@code --ttl} of the create commands, as the whole seconds labd takes. */
final class Lifetime {

    private Lifetime() {
    }

    /**
     * Seconds, or 0 for labd's default when {@code ttl} is null.
     *
     * @throws ParameterException (exit code 2) for less than a second, which labd would read as its default
     */
    static long seconds(Duration ttl, CommandSpec command) {
        if (ttl == null) {
            return 0;
        }
        if (ttl.toSeconds() < 1) {
            throw new ParameterException(command.commandLine(), "--ttl must be at least 1s; leave it out for labd's default");
        }
        return ttl.toSeconds();
    }
}
