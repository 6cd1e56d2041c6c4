package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.Failure;
import org.labctl.api.MessageSender;
import org.labctl.api.NotFoundException;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;

/** The agent's dispatcher: a start goes to its kind's handler, the other frames to its session; it knows no kind. */
class SessionDispatcherTest {

    private final List<String> sent = new ArrayList<>();
    private final Map<String, SessionHandler> handlers = new HashMap<>();
    private final SessionDispatcher dispatcher = new SessionDispatcher(new MessageSender() {
        @Override
        public synchronized CompletableFuture<?> text(String message) {
            sent.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<?> binary(ByteBuffer message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<?> close(int code, String reason) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Throwable failed() {
            return null;
        }
    }, message -> { }, handlers::get);

    /** A session that records what it is given, and starts by sending started. */
    private static final class Recorded implements AgentSession {
        final UUID id;
        final Map<String, Object> payload;
        final Outbound out;
        final List<ExecFrame> frames = new ArrayList<>();
        final List<ExecData> data = new ArrayList<>();
        volatile boolean running;
        volatile boolean aborted;

        Recorded(UUID id, Map<String, Object> payload, Outbound out) {
            this.id = id;
            this.payload = payload;
            this.out = out;
        }

        @Override
        public void start() {
            running = true;
            out.control(ExecFrame.started(id, 1));
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public void accept(ExecFrame frame) {
            frames.add(frame);
        }

        @Override
        public void accept(ExecData frame) {
            data.add(frame);
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }

    private final List<Recorded> opened = new ArrayList<>();

    private void handle(String kind) {
        handlers.put(kind, new SessionHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public AgentSession open(UUID session, Map<String, Object> payload, Outbound out) {
                if (payload.containsKey("refuse")) {
                    throw new NotFoundException("no such thing here");
                }
                if (payload.containsKey("bad")) {
                    throw new IllegalArgumentException("bad request");
                }
                Recorded session1 = new Recorded(session, payload, out);
                opened.add(session1);
                return session1;
            }
        });
    }

    @Test
    void aStartGoesToTheHandlerOfItsKindAndTheSessionGetsItsFrames() {
        handle("anything");
        UUID id = UUID.randomUUID();
        dispatcher.control(ExecJson.write(ExecFrame.start(id, "anything", Map.of("x", 1))));
        assertEquals(1, opened.size());
        Recorded session = opened.get(0);
        assertEquals(Map.of("x", 1), session.payload);
        assertEquals(ExecProtocol.STARTED, ExecJson.read(sent.get(0)).type());
        assertEquals(1, dispatcher.running());
        dispatcher.control(ExecJson.write(ExecFrame.window(id, ExecProtocol.STDOUT, 10)));
        dispatcher.data(ExecProtocol.encode(ExecProtocol.STDIN, id, ByteBuffer.wrap(new byte[] {1})));
        assertEquals(ExecProtocol.WINDOW, session.frames.get(0).type());
        assertEquals(1, session.data.size());
        // exit ends it: later frames go nowhere
        session.out.control(ExecFrame.exit(id, 0, null, false));
        assertEquals(0, dispatcher.running());
        dispatcher.control(ExecJson.write(ExecFrame.eof(id)));
        assertEquals(1, session.frames.size());
    }

    @Test
    void aKindWithoutAHandlerHereIsNotFound() {
        UUID id = UUID.randomUUID();
        dispatcher.control(ExecJson.write(ExecFrame.start(id, "bastion", Map.of("op", "info"))));
        ExecFrame error = ExecJson.read(sent.get(0));
        assertEquals(ExecProtocol.ERROR, error.type());
        assertEquals(Failure.NOT_FOUND, error.failure());
        assertTrue(error.message().startsWith("this server runs no bastion"), error.message());
        assertEquals(0, dispatcher.running());
    }

    @Test
    void aHandlersRefusalBecomesAnErrorFrame() {
        handle("k");
        dispatcher.control(ExecJson.write(ExecFrame.start(UUID.randomUUID(), "k", Map.of("refuse", true))));
        ExecFrame refused = ExecJson.read(sent.get(0));
        assertEquals(Failure.NOT_FOUND, refused.failure());
        assertEquals("no such thing here", refused.message());
        dispatcher.control(ExecJson.write(ExecFrame.start(UUID.randomUUID(), "k", Map.of("bad", true))));
        ExecFrame bad = ExecJson.read(sent.get(1));
        assertEquals("bad request", bad.message());
        assertNull(bad.status(), "the session's own trouble has no failure, as before");
    }

    @Test
    void theSameSessionIdTwiceIsRefusedAndAbortAllReachesEverySession() {
        handle("k");
        UUID id = UUID.randomUUID();
        dispatcher.control(ExecJson.write(ExecFrame.start(id, "k", Map.of())));
        dispatcher.control(ExecJson.write(ExecFrame.start(id, "k", Map.of())));
        assertTrue(ExecJson.read(sent.get(1)).message().contains("running already"));
        dispatcher.control(ExecJson.write(ExecFrame.start(UUID.randomUUID(), "k", Map.of())));
        dispatcher.abortAll();
        assertTrue(opened.stream().filter(s -> s.running).allMatch(s -> s.aborted));
    }
}
