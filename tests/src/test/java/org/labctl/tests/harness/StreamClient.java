package org.labctl.tests.harness;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;

/**
 * labd's stream endpoint ({@code wss://…/api/v1/exec/stream}) spoken at the wire level with the
 * JDK's WebSocket client, as a user: one session of any kind per call, its start frame as given,
 * then what comes back until its {@code exit} or {@code error}. For a session kind labctl has no
 * command for (a capability's). It grants no window credit, so an answer must fit the first window
 * ({@value ExecProtocol#INITIAL_WINDOW} bytes).
 */
public final class StreamClient {

    /** How long a session may take to end: a session that does not is a failure, never a hang. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI stream;
    private final HttpClient client;
    private final String sessionHeader;

    /**
     * @param config        a labctl config (labd's CA, the user's certificate and key)
     * @param sessionHeader the {@code X-Labctl-Session} the audit rows record, as labctl's {@code LABCTL_SESSION}
     */
    public StreamClient(LabdProcess labd, Path config, String sessionHeader) {
        this.stream = URI.create(labd.url("/api/v1/exec/stream").replace("https://", "wss://"));
        this.client = HttpClient.newBuilder().sslContext(Tls.context(Tls.Config.read(config))).connectTimeout(Duration.ofSeconds(10))
                .build();
        this.sessionHeader = sessionHeader;
    }

    /** What came back of one session: its control frames in order, stdout and stderr. */
    public record Session(List<ExecFrame> frames, String stdout, String stderr) {

        /** The frame that ended it: {@code exit} or {@code error}. */
        public ExecFrame end() {
            return frames.get(frames.size() - 1);
        }

        public boolean exited() {
            return ExecProtocol.EXIT.equals(end().type());
        }

        /** The one frame of this type. */
        public ExecFrame single(String type) {
            List<ExecFrame> matching = frames.stream().filter(frame -> type.equals(frame.type())).toList();
            if (matching.size() != 1) {
                throw new AssertionError("expected one " + type + " frame: " + this);
            }
            return matching.get(0);
        }
    }

    /** Starts a session of {@code kind} on {@code server} with {@code payload} and waits for its end. */
    public Session run(String server, String kind, Map<String, Object> payload) {
        UUID id = UUID.randomUUID();
        Listener listener = new Listener(id);
        WebSocket socket = null;
        try {
            socket = client.newWebSocketBuilder().header("X-Labctl-Session", sessionHeader).buildAsync(stream, listener)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            socket.sendText(JSON.writeValueAsString(ExecFrame.start(id, kind, payload).toServer(server)), true)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return listener.ended.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the " + kind + " session on " + server + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the " + kind + " session on " + server + " did not end within " + DEADLINE.toSeconds()
                    + " s; frames so far: " + listener.frames());
        } finally {
            if (socket != null) {
                socket.abort();
            }
        }
    }

    /** Collects one session's frames; the others (there are none) are ignored. */
    private static final class Listener implements WebSocket.Listener {
        private final UUID session;
        private final List<ExecFrame> frames = new ArrayList<>();
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        final CompletableFuture<Session> ended = new CompletableFuture<>();

        Listener(UUID session) {
            this.session = session;
        }

        synchronized List<ExecFrame> frames() {
            return List.copyOf(frames);
        }

        @Override
        public synchronized CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                ExecFrame frame;
                try {
                    frame = JSON.readValue(text.toString(), ExecFrame.class);
                } catch (IOException e) {
                    ended.completeExceptionally(new AssertionError("labd sent a control frame that is not one: " + text));
                    return null;
                }
                text.setLength(0);
                if (session.equals(frame.session())) {
                    frames.add(frame);
                    if (ExecProtocol.EXIT.equals(frame.type()) || ExecProtocol.ERROR.equals(frame.type())) {
                        ended.complete(new Session(List.copyOf(frames), stdout.toString(StandardCharsets.UTF_8),
                                stderr.toString(StandardCharsets.UTF_8)));
                    }
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            binary.writeBytes(part);
            if (last) {
                ExecData frame = ExecProtocol.decode(ByteBuffer.wrap(binary.toByteArray()));
                binary.reset();
                if (session.equals(frame.session())) {
                    (frame.channel() == ExecProtocol.STDERR ? stderr : stdout).writeBytes(frame.bytes());
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ended.completeExceptionally(new AssertionError("labd closed the stream (" + statusCode + " " + reason
                    + ") before the session ended; frames: " + frames()));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ended.completeExceptionally(error);
        }
    }
}
