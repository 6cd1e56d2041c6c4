package org.labctl.cli.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.labctl.api.ExecProtocol;
import org.labctl.cli.Mappers;

/**
 * A log's stdout as JSON Lines ({@code labctl logs … -o json}), one object per line, each with the
 * server it came from. A journal entry (journalctl's own JSON object) gets {@code "server"} added
 * in front of its fields; a line of a file becomes {@code {"server", "file", "message"}}. The
 * agent's complaints on stderr go to stderr as lines after the server's name. Lines longer than
 * {@link PrefixedOutput#MAX_LINE} are cut, as there.
 */
public final class JsonLineOutput implements SessionOutput {

    private final String server;
    private final String file;
    private final OutputStream stdout;
    private final SessionOutput stderr;
    private final byte[] serverField;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream ready = new ByteArrayOutputStream();

    /**
     * @param file the file's path for a {@code --file} log (or {@code agent} for the agent's), null for journal entries
     */
    public JsonLineOutput(String server, String file, OutputStream stdout, OutputStream stderr) {
        this.server = server;
        this.file = file;
        this.stdout = stdout;
        this.stderr = new PrefixedOutput(server, 0, stderr, stderr);
        ObjectNode field = Mappers.json().createObjectNode().put("server", server);
        String text = field.toString();
        this.serverField = (text.substring(0, text.length() - 1) + ",").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(int channel, ByteBuffer payload) throws IOException {
        if (channel == ExecProtocol.STDERR) {
            stderr.write(channel, payload);
            return;
        }
        while (payload.hasRemaining()) {
            byte b = payload.get();
            if (b == '\n') {
                endLine();
            } else {
                line.write(b);
                if (line.size() >= PrefixedOutput.MAX_LINE) {
                    endLine();
                }
            }
        }
        flush();
    }

    @Override
    public void finish() throws IOException {
        if (line.size() > 0) {
            endLine();
        }
        flush();
        stderr.finish();
    }

    private void endLine() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (file == null && bytes.length > 2 && bytes[0] == '{') {
            ready.write(serverField);
            ready.write(bytes, 1, bytes.length - 1);
        } else {
            ObjectNode entry = Mappers.json().createObjectNode().put("server", server);
            if (file != null) {
                entry.put("file", file);
            }
            entry.put("message", new String(bytes, StandardCharsets.UTF_8));
            ready.write(entry.toString().getBytes(StandardCharsets.UTF_8));
        }
        ready.write('\n');
    }

    private void flush() throws IOException {
        if (ready.size() > 0) {
            ready.writeTo(stdout);
            ready.reset();
            stdout.flush();
        }
    }
}
