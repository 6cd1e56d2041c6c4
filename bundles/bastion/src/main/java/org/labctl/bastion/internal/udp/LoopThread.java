package org.labctl.bastion.internal.udp;

import java.time.Duration;

/** The one thread a bastion UDP server (DHCP, TFTP) runs its selector loop on, and how it ends. */
public final class LoopThread implements AutoCloseable {

    /** A selector loop: {@link #run} until {@link #stop}, closing its sockets on the way out. */
    public interface Loop extends Runnable {

        /** False once the loop has returned. */
        boolean running();

        /** Makes the loop return soon; never blocks. */
        void stop();
    }

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Loop loop;
    private final Thread thread;

    private LoopThread(Loop loop, Thread thread) {
        this.loop = loop;
        this.thread = thread;
    }

    /** Starts the loop on a daemon thread named {@code name}. */
    public static LoopThread start(String name, Loop loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return new LoopThread(loop, thread);
    }

    /** False once the loop was stopped, or its thread died. */
    public boolean isRunning() {
        return loop.running() && thread.isAlive();
    }

    /** Stops the loop and waits for it to close its sockets (5 s at most). */
    @Override
    public void close() {
        loop.stop();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
