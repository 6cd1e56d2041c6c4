package org.labctl.agent.logs.internal;

import java.util.ArrayList;
import java.util.List;
import org.labctl.api.LogRequest;

/**
 * The journalctl command line of a journal {@link LogRequest} ({@code labctl logs server/NAME}).
 * The request is checked first ({@link LogRequest#check()}), and every value goes in its option's
 * own {@code --name=value} argument, so nothing a user types can become another journalctl option.
 * journalctl runs without a shell.
 */
final class JournalArguments {

    private JournalArguments() {
    }

    /**
     * The command line, {@code journalctl} first.
     *
     * @param directory read the journal files of this directory instead of the system journal
     *                  ({@code lab-agent run --journal-dir}), or null
     * @throws IllegalArgumentException with a message for the user when a value cannot be right
     */
    static List<String> command(LogRequest request, String directory) {
        LogRequest checked = request.check();
        if (!LogRequest.JOURNAL.equals(checked.source())) {
            throw new IllegalArgumentException("not a journal request: " + checked.source());
        }
        List<String> argv = new ArrayList<>(List.of("journalctl", "--no-pager", "--quiet"));
        argv.add(checked.json() ? "--output=json" : "--output=short-iso");
        if (directory != null) {
            if (!directory.startsWith("/") || directory.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the journal directory must be an absolute path, not " + directory);
            }
            argv.add("--directory=" + directory);
        }
        for (String unit : checked.units()) {
            argv.add("--unit=" + unit);
        }
        if (checked.lines() != null) {
            argv.add("--lines=" + checked.lines());
        }
        if (checked.since() != null) {
            argv.add("--since=" + checked.since());
        }
        if (checked.until() != null) {
            argv.add("--until=" + checked.until());
        }
        if (checked.kernel()) {
            argv.add("--dmesg");
        }
        if (checked.priority() != null) {
            argv.add("--priority=" + checked.priority());
        }
        if (checked.follow()) {
            argv.add("--follow");
        }
        return argv;
    }
}
