package org.labctl.example.notes.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.Failure;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.example.notes.echo.Echo;

/**
 * One echo: {@code started}, the answer as one JSON object on stdout (the text, who asked, its
 * SHA-256 and this host's name, as the agent's heartbeat reports it), {@code exit 0}. A text of at
 * most 4096 characters makes an answer far below one data frame and the first window, so it is sent
 * at once, on the starting thread, and the session has ended when {@link #start()} returns.
 */
final class EchoSession implements AgentSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UUID session;
    private final Echo echo;
    private final Outbound out;

    EchoSession(UUID session, Echo echo, Outbound out) {
        this.session = session;
        this.echo = echo;
        this.out = out;
    }

    @Override
    public String toString() {
        return "echo of " + echo.text().length() + " characters for " + echo.by();
    }

    @Override
    public void start() {
        byte[] answer;
        try {
            answer = JSON.writeValueAsBytes(answer(echo));
        } catch (JsonProcessingException e) {
            out.control(ExecFrame.error(session, Failure.INTERNAL, "the echo could not be written: " + e.getOriginalMessage()));
            return;
        }
        out.control(ExecFrame.started(session, ProcessHandle.current().pid()));
        out.data(ExecProtocol.STDOUT, ByteBuffer.wrap(answer));
        out.control(ExecFrame.exit(session, 0, null, false));
    }

    static Map<String, Object> answer(Echo echo) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("text", echo.text());
        answer.put("by", echo.by());
        answer.put("sha256", sha256(echo.text()));
        answer.put("host", hostname());
        return answer;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public boolean isRunning() {
        return false;
    }

    @Override
    public void accept(ExecFrame frame) {
        // it has ended before any frame of the client's can arrive
    }

    @Override
    public void accept(ExecData data) {
        // it reads no input
    }

    @Override
    public void abort() {
        // nothing runs
    }
}
