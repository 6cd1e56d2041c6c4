package org.labctl.agent.modules.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.labctl.api.module.ModuleLog;

/**
 * A module's log: each line, timestamped and with its level, appended to {@code <name>/module.log}
 * (what {@code labctl logs module/NAME --server S} shows; rotated to {@code module.log.1} at
 * {@value #ROTATE_BYTES} bytes) and written to the agent's log as {@code module NAME: LEVEL line}. The
 * agent's own steps for the module (downloads, state changes) go to the same log.
 */
final class ModuleLogFile implements ModuleLog {

    static final long ROTATE_BYTES = 4L * 1024 * 1024;
    private static final int MAX_CAUSES = 8;

    private final Path file;
    private final String module;
    private final Consumer<String> agentLog;

    ModuleLogFile(Path file, String module, Consumer<String> agentLog) {
        this.file = file;
        this.module = module;
        this.agentLog = agentLog;
    }

    @Override
    public void info(String line) {
        write("INFO", line);
    }

    @Override
    public void warn(String line) {
        write("WARN", line);
    }

    @Override
    public void error(String line) {
        write("ERROR", line);
    }

    @Override
    public void error(String line, Throwable cause) {
        write("ERROR", (line == null ? "" : line) + ": " + causes(cause));
    }

    /** The messages of an exception and its causes, as one line. */
    static String causes(Throwable error) {
        StringBuilder text = new StringBuilder();
        Throwable cause = error;
        for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (i > 0) {
                text.append(": ");
            }
            text.append(cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage());
        }
        return text.toString();
    }

    private void write(String level, String text) {
        String[] lines = (text == null ? "" : text).split("\\R", -1);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            String clean = line.replaceAll("\\p{Cntrl}", " ");
            out.append(Instant.now().truncatedTo(ChronoUnit.MILLIS)).append(' ').append(level).append(' ').append(clean).append('\n');
            agentLog.accept("module " + module + ": " + level + " " + clean);
        }
        append(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void append(byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) + bytes.length > ROTATE_BYTES) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            agentLog.accept("module " + module + ": cannot write " + file + ": " + e.getMessage());
        }
    }
}
