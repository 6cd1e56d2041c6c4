package org.labctl.api;

import java.util.List;

/**
 * A run's log from a point on ({@code GET /pulumi/runs/ID/log?after=N}): the lines the engine printed, in order, and
 * the run as it is now. Ask again with {@code after=next} for the lines that came since.
 */
public record PulumiRunLog(PulumiRun run, List<Line> lines, long next) {

    /** One line of the engine's output. */
    public record Line(long seq, String at, String text) {
    }
}
