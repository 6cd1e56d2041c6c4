package org.labctl.api.session;

/**
 * The send window of one exec data channel: how many more bytes the receiver has allowed. A pump
 * takes credit before it reads from the process, so when the receiver stops granting, the pump
 * stops reading and the process blocks on its pipe.
 */
public final class CreditWindow {

    private long available;
    private boolean closed;

    public CreditWindow(long initial) {
        this.available = initial;
    }

    /**
     * Waits until there is credit or the window is closed; takes up to {@code max} bytes of it.
     *
     * @return the bytes taken (at least 1), or -1 once the window is closed
     */
    public synchronized int take(int max) throws InterruptedException {
        while (available == 0 && !closed) {
            wait();
        }
        if (closed) {
            return -1;
        }
        int taken = (int) Math.min(max, available);
        available -= taken;
        return taken;
    }

    /** Returns credit taken but not used. */
    public synchronized void giveBack(int bytes) {
        if (bytes > 0) {
            available += bytes;
            notifyAll();
        }
    }

    /** The receiver consumed {@code bytes} more. */
    public synchronized void grant(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("window credit must be positive, got " + bytes);
        }
        available = available > Long.MAX_VALUE - bytes ? Long.MAX_VALUE : available + bytes;
        notifyAll();
    }

    public synchronized long available() {
        return available;
    }

    /** Wakes a waiting pump for good: it stops. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
