package org.labctl.cli.exec;

/**
 * How one session ended.
 *
 * @param server     the server's name
 * @param state      what became of the command
 * @param exitCode   its exit code (128 + N when ended by signal N), null when none came
 * @param signal     the signal that ended it when the agent knows, else null
 * @param status     labd's status when labd refused or lost the session (400, 403, 404, 500, 503), else null
 * @param error      what went wrong, for people (labd's own message when labd refused or lost it), or null
 * @param durationMs from {@code start} sent to the end, null when it was never sent
 */
public record ExecOutcome(String server, ExecState state, Integer exitCode, String signal, Integer status, String error,
        Long durationMs) {
}
