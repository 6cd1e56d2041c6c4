package org.labctl.cli.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.ExecStart;
import org.labctl.cli.Mappers;

/**
 * labd (and its agents) on the other end of {@link ExecLoop}'s connection, scripted by a test: it
 * records every frame labctl sends, and delivers what the test sends only as fast as the loop asks
 * for messages ({@link #request}), from {@link SocketTransport#INITIAL_DEMAND} on, as the JDK's
 * WebSocket does.
 */
final class FakeLabd implements ExecTransport, ExecLoop.Connector {

    /** How long the test waits for labctl to send or to ask for more: long, as it only matters when a test fails. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private final BlockingQueue<Object> pending = new LinkedBlockingQueue<>();
    private final List<Object> sent = new CopyOnWriteArrayList<>();
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final List<Consumer<Object>> observers = new CopyOnWriteArrayList<>();
    private final Semaphore demand = new Semaphore(0);
    private volatile ExecTransport.Receiver receiver;
    private volatile int opened;
    private volatile boolean closed;

    @Override
    public ExecTransport open(ExecTransport.Receiver loop) {
        receiver = loop;
        opened++;
        demand.release(SocketTransport.INITIAL_DEMAND);
        return this;
    }

    @Override
    public void sendText(String json) {
        texts.add(json);
        try {
            record(Mappers.frames().readValue(json, ExecFrame.class));
        } catch (JsonProcessingException e) {
            throw new AssertionError("labctl sent a frame that is not an ExecFrame: " + json, e);
        }
    }

    @Override
    public void sendBinary(ByteBuffer frame) {
        ExecData data = ExecProtocol.decode(frame);
        record(new ExecData(data.channel(), data.session(), ByteBuffer.wrap(data.bytes()).asReadOnlyBuffer()));
    }

    private void record(Object frame) {
        observers.forEach(observer -> observer.accept(frame));
        synchronized (sent) {
            sent.add(frame);
            sent.notifyAll();
        }
        pending.add(frame);
    }

    @Override
    public void request(long messages) {
        demand.release((int) messages);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Runs {@code observer} on each frame labctl sends, as it sends it, on labctl's thread. */
    void observe(Consumer<Object> observer) {
        observers.add(observer);
    }

    int opened() {
        return opened;
    }

    boolean closed() {
        return closed;
    }

    /** Every control frame labctl sent, as JSON. */
    List<String> texts() {
        return List.copyOf(texts);
    }

    /**
     * The next control frame of {@code type} labctl sends, waiting for it; {@code window} frames
     * before it are passed over (they come whenever labctl has written output), anything else fails.
     */
    ExecFrame expect(String type) {
        while (true) {
            Object frame = next();
            if (frame instanceof ExecFrame control && control.type().equals(type)) {
                return control;
            }
            if (!(frame instanceof ExecFrame control && control.type().equals(ExecProtocol.WINDOW))) {
                fail("expected a " + type + " frame from labctl, got " + describe(frame));
            }
        }
    }

    /** The next data frame labctl sends (stdin), window frames passed over. */
    ExecData expectData() {
        while (true) {
            Object frame = next();
            if (frame instanceof ExecData data) {
                return data;
            }
            if (!(frame instanceof ExecFrame control && control.type().equals(ExecProtocol.WINDOW))) {
                fail("expected stdin data from labctl, got " + describe(frame));
            }
        }
    }

    /** The next frame, any kind. */
    Object next() {
        try {
            Object frame = pending.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("labctl sent nothing within " + WAIT.toSeconds() + "s; it sent " + sent.stream().map(FakeLabd::describe).toList());
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Nothing left that labctl sent and the test has not taken, windows aside. */
    void assertNothingElseSent() {
        for (Object frame : pending) {
            assertTrue(frame instanceof ExecFrame control && control.type().equals(ExecProtocol.WINDOW),
                    () -> "labctl also sent " + describe(frame));
        }
    }

    /** Sends a control frame to labctl once the loop asks for a message. */
    void send(ExecFrame frame) {
        awaitDemand();
        try {
            receiver.text(Mappers.frames().writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends text to labctl as it is, such as JSON labctl cannot read. */
    void sendRaw(String text) {
        awaitDemand();
        receiver.text(text);
    }

    /** Sends output of a session to labctl once the loop asks for a message. */
    void data(UUID session, int channel, byte[] payload) {
        awaitDemand();
        receiver.binary(ExecProtocol.encode(channel, session, payload));
    }

    void started(UUID session) {
        send(ExecFrame.started(session, 4242));
    }

    void exit(UUID session, int code) {
        send(ExecFrame.exit(session, code, null, false));
    }

    /** The connection breaks. */
    void drop() {
        receiver.closed(1006, "");
    }

    /** The window credit labctl gave back for a channel of a session so far. */
    long granted(UUID session, int channel) {
        return sent.stream().filter(frame -> frame instanceof ExecFrame control && control.type().equals(ExecProtocol.WINDOW)
                        && control.session().equals(session) && control.channel() == channel)
                .mapToLong(frame -> ((ExecFrame) frame).bytes()).sum();
    }

    /** Waits until labctl has given back at least {@code bytes} of credit for a channel of a session. */
    void awaitGranted(UUID session, int channel, long bytes) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (sent) {
            while (granted(session, channel) < bytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("labctl gave back " + granted(session, channel) + " bytes of credit, not " + bytes + ", within "
                            + WAIT.toSeconds() + "s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sent, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** The stdin bytes labctl sent for a session so far. */
    long stdinSent(UUID session) {
        return sent.stream().filter(frame -> frame instanceof ExecData data && data.session().equals(session))
                .mapToLong(frame -> ((ExecData) frame).payload().remaining()).sum();
    }

    private void awaitDemand() {
        try {
            if (!demand.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("labctl asked for no more messages within " + WAIT.toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String describe(Object frame) {
        if (frame instanceof ExecData data) {
            return ExecProtocol.channelName(data.channel()) + " data of " + data.payload().remaining() + " bytes";
        }
        return String.valueOf(frame);
    }

    /** The command of an exec session's start frame. */
    static ExecStart command(ExecFrame start) {
        return Mappers.frames().convertValue(start.payload(), ExecStart.class);
    }

    static void assertType(String type, ExecFrame frame) {
        assertEquals(type, frame.type(), frame::toString);
    }
}
