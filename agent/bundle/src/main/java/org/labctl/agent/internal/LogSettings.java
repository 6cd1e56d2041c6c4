package org.labctl.agent.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;

/**
 * What {@code labctl logs} may read on this machine: files under {@code dirs}
 * ({@code lab-agent run --log-dir}, {@code /var/log} by default), the journal (of
 * {@code journalDir} when set, else the system's) and the agent's own log file. They travel from
 * {@link Main} to {@link AgentComponent} as framework properties.
 *
 * @param dirs       the directories log files may be read from
 * @param journalDir the journal directory journalctl reads instead of the system journal, or null
 * @param agentLog   the agent's log file
 */
record LogSettings(List<Path> dirs, Path journalDir, Path agentLog) {

    static final List<Path> DEFAULT_DIRS = List.of(Path.of("/var/log"));
    static final String DIRS = "lab.agent.log-dirs";
    static final String JOURNAL_DIR = "lab.agent.journal-dir";
    static final String AGENT_LOG = "lab.agent.log-file";

    LogSettings {
        dirs = List.copyOf(dirs);
    }

    Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        List<String> paths = new ArrayList<>();
        dirs.forEach(dir -> paths.add(dir.toAbsolutePath().toString()));
        properties.put(DIRS, String.join(File.pathSeparator, paths));
        if (journalDir != null) {
            properties.put(JOURNAL_DIR, journalDir.toAbsolutePath().toString());
        }
        properties.put(AGENT_LOG, agentLog.toAbsolutePath().toString());
        return properties;
    }

    /** The settings {@link #properties()} gave the framework; defaults for what is missing. */
    static LogSettings of(BundleContext context, Path data) {
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
        return new LogSettings(paths.isEmpty() ? DEFAULT_DIRS : paths, journal == null || journal.isBlank() ? null : Path.of(journal),
                agentLog == null || agentLog.isBlank() ? AgentLog.file(data) : Path.of(agentLog));
    }
}
