package org.labctl.agent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The journalctl command line for one log request of {@code labctl logs server/NAME} (issue 6,
 * not wired yet). Every value goes in its option's own {@code --name=value} argument, so nothing a
 * user types can become another journalctl option; each value is also checked against what
 * journalctl accepts, so a mistake gets a clear message rather than journalctl's. journalctl runs
 * without a shell.
 *
 * @param units     {@code -u}: systemd units (none: the whole journal)
 * @param lines     {@code -n}: the last N entries, or null for all of them
 * @param since     {@code --since}: a journalctl time ({@code 2026-11-29 10:00}, {@code 1h ago}, {@code -1h}, {@code today}), or null
 * @param until     {@code --until}: the same, or null
 * @param kernel    {@code -k}: kernel messages only
 * @param priority  {@code -p}: a level ({@code err}, {@code 3}) or range ({@code warning..err}), or null
 * @param follow    {@code -f}: keep printing new entries
 * @param json      one JSON object per entry with the journal fields, instead of text lines
 * @param directory read the journal files of this directory instead of the system journal (tests; an agent's configuration), or null
 */
record JournalArguments(List<String> units, Integer lines, String since, String until, boolean kernel, String priority,
                        boolean follow, boolean json, String directory) {

    /** The most entries {@code -n} may ask for. */
    static final int MAX_LINES = 1_000_000;
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,256}");
    private static final Set<String> LEVELS = Set.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
            "0", "1", "2", "3", "4", "5", "6", "7");
    /** What journalctl's time parser takes: digits, letters, spaces and - : . + (no quotes, no control characters). */
    private static final Pattern TIME = Pattern.compile("[A-Za-z0-9 :.+-]{1,64}");

    JournalArguments {
        units = units == null ? List.of() : List.copyOf(units);
    }

    /**
     * The command line, {@code journalctl} first.
     *
     * @throws IllegalArgumentException with a message for the user when a value cannot be right
     */
    List<String> command() {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--no-pager", "--quiet"));
        argv.add(json ? "--output=json" : "--output=short-iso");
        if (directory != null) {
            if (!directory.startsWith("/") || directory.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the journal directory must be an absolute path, not " + directory);
            }
            argv.add("--directory=" + directory);
        }
        for (String unit : units) {
            if (unit == null || !UNIT.matcher(unit).matches() || unit.startsWith("-")) {
                throw new IllegalArgumentException("\"" + unit + "\" is not a systemd unit name (such as sshd or k3s.service)");
            }
            argv.add("--unit=" + unit);
        }
        if (lines != null) {
            if (lines < 0 || lines > MAX_LINES) {
                throw new IllegalArgumentException("-n takes a number of entries from 0 to " + MAX_LINES + ", not " + lines);
            }
            argv.add("--lines=" + lines);
        }
        if (since != null) {
            argv.add("--since=" + time("--since", since));
        }
        if (until != null) {
            argv.add("--until=" + time("--until", until));
        }
        if (kernel) {
            argv.add("--dmesg");
        }
        if (priority != null) {
            argv.add("--priority=" + priority(priority));
        }
        if (follow) {
            argv.add("--follow");
        }
        return argv;
    }

    private static String time(String option, String value) {
        String trimmed = value.trim();
        if (!TIME.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(option + " takes a time such as \"2026-11-29 10:00\", \"1h ago\", \"-30m\" or "
                    + "\"today\", not \"" + value + "\"");
        }
        return trimmed;
    }

    private static String priority(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        String[] range = lower.split("\\.\\.", -1);
        if (range.length > 2 || !LEVELS.contains(range[0]) || range.length == 2 && !LEVELS.contains(range[1])) {
            throw new IllegalArgumentException("-p takes a level (emerg, alert, crit, err, warning, notice, info, debug "
                    + "or 0-7) or a range such as warning..err, not \"" + value + "\"");
        }
        return lower;
    }
}
