package org.labctl.cli.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.labctl.api.ExecProtocol;

/**
 * Reads labctl's standard input for one session on a thread of its own, never more than the
 * session's stdin window allows ({@link ExecProtocol}, flow control): it starts with
 * {@link ExecProtocol#INITIAL_WINDOW} and waits for {@link #credit} when that is used up. Chunks
 * are at most {@link ExecProtocol#MAX_PAYLOAD} and handed on as soon as {@code read} returns them,
 * so a person's typing goes out as typed.
 */
final class StdinPump implements Runnable {

    /** What the pump hands on; called on the pump's thread. */
    interface Sink {
        void data(byte[] bytes);

        /** The end of input, or {@code failure} reading it; nothing follows. */
        void end(IOException failure);
    }

    private final InputStream in;
    private final Sink sink;
    private long credit = ExecProtocol.INITIAL_WINDOW;
    private boolean stopped;

    StdinPump(InputStream in, Sink sink) {
        this.in = in;
        this.sink = sink;
    }

    /** Starts the pump on a daemon thread: one blocked in {@code read} must not keep labctl alive. */
    void start(String name) {
        Thread thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The agent consumed {@code bytes} more of this input. */
    synchronized void credit(long bytes) {
        credit += bytes;
        notifyAll();
    }

    /** The session is over: read no more. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[ExecProtocol.MAX_PAYLOAD];
        try {
            while (true) {
                int allowed = allowed();
                if (allowed < 0) {
                    return;
                }
                int read = in.read(buffer, 0, allowed);
                if (read < 0) {
                    if (!stopped()) {
                        sink.end(null);
                    }
                    return;
                }
                if (read > 0) {
                    synchronized (this) {
                        credit -= read;
                    }
                    if (stopped()) {
                        return;
                    }
                    sink.data(Arrays.copyOf(buffer, read));
                }
            }
        } catch (IOException e) {
            if (!stopped()) {
                sink.end(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many bytes the next read may take, waiting for credit; -1 once stopped. */
    private synchronized int allowed() throws InterruptedException {
        while (credit <= 0 && !stopped) {
            wait();
        }
        return stopped ? -1 : (int) Math.min(ExecProtocol.MAX_PAYLOAD, credit);
    }

    private synchronized boolean stopped() {
        return stopped;
    }
}
