package org.labctl.agent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;

/**
 * What an exec client would receive: every frame, checked against the protocol as it arrives
 * (nothing after exit, payloads within the limit, never more in flight than the window). The one
 * copy for the unit tests of every agent-side {@link org.labctl.api.session.SessionHandler}: the
 * agent core's, its bundles' and a capability's.
 */
public final class RecordingOutbound implements Outbound {

    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<ExecFrame> controls = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final CountDownLatch exit = new CountDownLatch(1);
    private final AtomicLong[] received = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] granted = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final AtomicLong maxInFlight = new AtomicLong();
    private volatile AgentSession grantTo;
    private volatile boolean keepOutput = true;

    /** Grants credit back for every data frame as soon as it arrives (a fast reader). */
    public RecordingOutbound grantingTo(AgentSession runner) {
        this.grantTo = runner;
        return this;
    }

    /** Counts data without keeping it (large transfers). */
    public RecordingOutbound countingOnly() {
        this.keepOutput = false;
        return this;
    }

    @Override
    public void data(int channel, ByteBuffer payload) {
        int length = payload.remaining();
        synchronized (this) {
            if (exit.getCount() == 0) {
                violations.add("data on channel " + channel + " after exit");
            }
            if (channel != ExecProtocol.STDOUT && channel != ExecProtocol.STDERR) {
                violations.add("data on channel " + channel + " from the agent");
            }
            if (length == 0 || length > ExecProtocol.MAX_PAYLOAD) {
                violations.add("payload of " + length + " bytes");
            }
            long inFlight = received[channel].addAndGet(length) - granted[channel].get();
            maxInFlight.accumulateAndGet(inFlight, Math::max);
            if (inFlight > ExecProtocol.INITIAL_WINDOW) {
                violations.add(inFlight + " bytes in flight on channel " + channel);
            }
            if (keepOutput) {
                byte[] bytes = new byte[length];
                payload.get(bytes);
                (channel == ExecProtocol.STDOUT ? stdout : stderr).writeBytes(bytes);
            }
        }
        AgentSession runner = grantTo;
        if (runner != null) {
            grant(runner, channel, length);
        }
    }

    @Override
    public synchronized void control(ExecFrame frame) {
        if (exit.getCount() == 0) {
            violations.add(frame.type() + " after exit");
        }
        controls.add(frame);
        if (ExecProtocol.EXIT.equals(frame.type())) {
            exit.countDown();
        }
    }

    /** Gives credit as a client would: counted here first, so the in-flight check never over-counts. */
    public void grant(AgentSession runner, int channel, long bytes) {
        granted[channel].addAndGet(bytes);
        runner.accept(ExecFrame.window(null, channel, bytes));
    }

    public ExecFrame awaitExit() throws InterruptedException {
        assertTrue(exit.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "no exit frame; frames so far: " + controls());
        return single(ExecProtocol.EXIT);
    }

    public synchronized List<ExecFrame> controls() {
        return List.copyOf(controls);
    }

    public synchronized List<ExecFrame> controls(String type) {
        return controls.stream().filter(frame -> type.equals(frame.type())).collect(Collectors.toList());
    }

    public ExecFrame single(String type) {
        List<ExecFrame> frames = controls(type);
        assertEquals(1, frames.size(), "exactly one " + type + " frame: " + controls());
        return frames.get(0);
    }

    public synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    public long received(int channel) {
        return received[channel].get();
    }

    public long maxInFlight() {
        return maxInFlight.get();
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Checks the whole conversation obeyed the protocol. */
    public void assertClean() {
        assertEquals(List.of(), violations());
        List<ExecFrame> all = controls();
        if (!all.isEmpty() && ExecProtocol.STARTED.equals(all.get(0).type())) {
            assertEquals(ExecProtocol.EXIT, all.get(all.size() - 1).type(), "exit is the last frame: " + all);
            assertEquals(1, controls(ExecProtocol.EXIT).size(), "exactly one exit: " + all);
        }
    }

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
