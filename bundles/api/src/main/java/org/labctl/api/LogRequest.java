package org.labctl.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which log a {@code logs} session streams ({@code labctl logs server/NAME …}): it travels in the
 * {@code start} frame of the stream protocol as the payload of a session of kind {@link #kind()}, and the
 * agent turns it into a journalctl command line or a file reader. labctl, labd and the agent all
 * run {@link #check()}, so that a mistake gets the same clear message wherever it is caught.
 *
 * @param source   {@link #JOURNAL} (the systemd journal), {@link #FILE} (a log file under the
 *                 directories the agent allows), {@link #AGENT} (the agent's own log) or {@link #MODULE} (what a
 *                 module did on the server: its log in the agent's data directory)
 * @param units    {@code -u}: systemd units (journal only; none: the whole journal)
 * @param lines    {@code -n}: the last N entries or lines, or null for all of them
 * @param since    {@code --since}: a journalctl time ({@code 2026-11-29 10:00}, {@code 1h ago},
 *                 {@code -1h}, {@code today}: see {@link JournalTime}), or null (journal only)
 * @param until    {@code --until}: the same, or null (journal only)
 * @param kernel   {@code -k}: kernel messages only (journal only)
 * @param priority {@code -p}: a level ({@code err}, {@code 3}) or a range ({@code warning..err}), or null (journal only)
 * @param follow   {@code -f}: keep printing new entries until interrupted
 * @param json     one JSON object per journal entry with its fields (journal only; labctl wraps file lines itself)
 * @param file     the absolute path of the log file ({@link #FILE} only)
 * @param module   the module's name ({@link #MODULE} only; checked by {@link org.labctl.api.module.ModuleFiles#name})
 */
public record LogRequest(String source, List<String> units, Integer lines, String since, String until, boolean kernel,
        String priority, boolean follow, boolean json, String file, String module) {

    public static final String JOURNAL = "journal";
    public static final String FILE = "file";
    public static final String AGENT = "agent";
    public static final String MODULE = "module";
    /** The session kinds of logs are {@code logs.<source>}: logs.journal, logs.file, logs.agent, logs.module. */
    public static final String KIND_PREFIX = "logs.";
    /** The most entries {@code -n} may ask for. */
    public static final int MAX_LINES = 1_000_000;

    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,256}");
    private static final Set<String> LEVELS = Set.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
            "0", "1", "2", "3", "4", "5", "6", "7");

    public LogRequest {
        units = units == null ? List.of() : List.copyOf(units);
    }

    /** A request of any source but {@link #MODULE}. */
    public LogRequest(String source, List<String> units, Integer lines, String since, String until, boolean kernel,
            String priority, boolean follow, boolean json, String file) {
        this(source, units, lines, since, until, kernel, priority, follow, json, file, null);
    }

    /** The journal, with these options. */
    public static LogRequest journal(List<String> units, Integer lines, String since, String until, boolean kernel,
            String priority, boolean follow, boolean json) {
        return new LogRequest(JOURNAL, units, lines, since, until, kernel, priority, follow, json, null);
    }

    /** A log file, its last {@code lines} lines (all when null), followed when {@code follow}. */
    public static LogRequest file(String path, Integer lines, boolean follow) {
        return new LogRequest(FILE, List.of(), lines, null, null, false, null, follow, false, path);
    }

    /** The agent's own log. */
    public static LogRequest agent(Integer lines, boolean follow) {
        return new LogRequest(AGENT, List.of(), lines, null, null, false, null, follow, false, null);
    }

    /** What a module did on the server: its log, its last {@code lines} lines (all when null), followed when {@code follow}. */
    public static LogRequest module(String module, Integer lines, boolean follow) {
        return new LogRequest(MODULE, List.of(), lines, null, null, false, null, follow, false, null, module);
    }

    /**
     * Checks every value against what the agent accepts and returns this request with its values
     * normalised (times trimmed, the priority in lower case).
     *
     * @throws IllegalArgumentException with a message for the user that names the option and what it takes
     */
    public LogRequest check() {
        if (!JOURNAL.equals(source) && !FILE.equals(source) && !AGENT.equals(source) && !MODULE.equals(source)) {
            throw new IllegalArgumentException("a log request reads the journal, a file, the agent's log or a module's, not \""
                    + source + "\"");
        }
        if (lines != null && (lines < 0 || lines > MAX_LINES)) {
            throw new IllegalArgumentException("-n takes a number of entries from 0 to " + MAX_LINES + ", not " + lines);
        }
        if (!JOURNAL.equals(source)) {
            List<String> journalOnly = new ArrayList<>();
            if (!units.isEmpty()) {
                journalOnly.add("-u");
            }
            if (since != null) {
                journalOnly.add("--since");
            }
            if (until != null) {
                journalOnly.add("--until");
            }
            if (kernel) {
                journalOnly.add("-k");
            }
            if (priority != null) {
                journalOnly.add("-p");
            }
            if (!journalOnly.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", journalOnly) + " select journal entries: leave "
                        + (journalOnly.size() == 1 ? "it" : "them") + " out with " + (FILE.equals(source) ? "--file"
                        : MODULE.equals(source) ? "a module's log" : "the agent's log"));
            }
        }
        if (FILE.equals(source)) {
            if (file == null || file.isBlank() || file.indexOf('\0') >= 0 || !file.startsWith("/")) {
                throw new IllegalArgumentException("--file needs the absolute path of a log file, such as /var/log/syslog, not \""
                        + (file == null ? "" : file.replace("\0", "")) + "\"");
            }
            return this;
        }
        if (file != null) {
            throw new IllegalArgumentException("only a --file request names a file");
        }
        if (MODULE.equals(source)) {
            org.labctl.api.module.ModuleFiles.name(module);
            return this;
        }
        if (module != null) {
            throw new IllegalArgumentException("only a module's log names a module");
        }
        if (!JOURNAL.equals(source)) {
            return this;
        }
        for (String unit : units) {
            if (unit == null || !UNIT.matcher(unit).matches() || unit.startsWith("-")) {
                throw new IllegalArgumentException("\"" + unit + "\" is not a systemd unit name (such as sshd or k3s.service)");
            }
        }
        return new LogRequest(source, units, lines, time("--since", since), time("--until", until), kernel,
                priority == null ? null : priority(priority), follow, json, null, null);
    }

    /** The session kind that streams this log: {@code logs.journal}, {@code logs.file}, {@code logs.agent} or {@code logs.module}. */
    public String kind() {
        return KIND_PREFIX + source;
    }

    /** The request as labctl options, for the audit log and messages: {@code -u k3s -n 100 -f}. */
    public String describe() {
        StringBuilder line = new StringBuilder();
        if (FILE.equals(source)) {
            line.append(" --file ").append(file);
        }
        for (String unit : units) {
            line.append(" -u ").append(unit);
        }
        if (lines != null) {
            line.append(" -n ").append(lines);
        }
        if (since != null) {
            line.append(" --since '").append(since).append('\'');
        }
        if (until != null) {
            line.append(" --until '").append(until).append('\'');
        }
        if (kernel) {
            line.append(" -k");
        }
        if (priority != null) {
            line.append(" -p ").append(priority);
        }
        if (follow) {
            line.append(" -f");
        }
        if (json) {
            line.append(" -o json");
        }
        return line.toString().trim();
    }

    private static String time(String option, String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        String problem = JournalTime.problem(trimmed, Instant.now());
        if (problem != null) {
            throw new IllegalArgumentException(option + " takes a time such as \"2026-11-29 10:00\", \"1h ago\", \"-30m\" or "
                    + "\"today\", not \"" + printable(value) + "\"" + (problem.equals(JournalTime.NOT_A_TIME) ? "" : ", which " + problem));
        }
        return trimmed;
    }

    /** The value without control characters, for a message on one line. */
    private static String printable(String value) {
        return value.replaceAll("\\p{Cntrl}", "?");
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
