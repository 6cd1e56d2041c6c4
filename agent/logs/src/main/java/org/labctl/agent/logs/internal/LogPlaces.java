package org.labctl.agent.logs.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;

/**
 * What {@code labctl logs} may read on this machine, from the framework properties lab-agent's
 * launcher sets ({@code LogSettings} in the agent's core): files under the allowed directories
 * ({@code lab-agent run --log-dir}, {@code /var/log} by default), the journal (of a directory when
 * set, else the system's) and the agent's own log file.
 *
 * @param dirs       the directories log files may be read from
 * @param journalDir the journal directory journalctl reads instead of the system journal, or null
 * @param agentLog   the agent's log file, or null when the runtime has none
 * @param agentData  the agent's data directory (where modules keep their logs), or null when the runtime has none
 */
record LogPlaces(List<Path> dirs, Path journalDir, Path agentLog, Path agentData) {

    static final String DIRS = "lab.agent.log-dirs";
    static final String JOURNAL_DIR = "lab.agent.journal-dir";
    static final String AGENT_LOG = "lab.agent.log-file";
    static final String DATA = "lab.agent.data";
    static final List<Path> DEFAULT_DIRS = List.of(Path.of("/var/log"));

    LogPlaces {
        dirs = List.copyOf(dirs);
    }

    LogPlaces(List<Path> dirs, Path journalDir, Path agentLog) {
        this(dirs, journalDir, agentLog, null);
    }

    static LogPlaces of(BundleContext context) {
        String dirs = context.getProperty(DIRS);
        List<Path> paths = new ArrayList<>();
        if (dirs != null && !dirs.isBlank()) {
            for (String dir : dirs.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    paths.add(Path.of(dir));
                }
            }
        }
        String journal = context.getProperty(JOURNAL_DIR);
        String agentLog = context.getProperty(AGENT_LOG);
        String data = context.getProperty(DATA);
        Path log = agentLog != null && !agentLog.isBlank() ? Path.of(agentLog)
                : data != null && !data.isBlank() ? Path.of(data, "log", "lab-agent.log") : null;
        return new LogPlaces(paths.isEmpty() ? DEFAULT_DIRS : paths, journal == null || journal.isBlank() ? null : Path.of(journal), log,
                data != null && !data.isBlank() ? Path.of(data) : null);
    }
}
