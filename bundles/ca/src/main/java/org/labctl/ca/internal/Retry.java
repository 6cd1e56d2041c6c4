package org.labctl.ca.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs start-up work that needs the database (and so the CA) in its own thread, retrying every
 * {@value #INTERVAL_MS} ms until it succeeds or the component stops; logs each distinct failure once.
 */
final class Retry implements AutoCloseable {

    /**
     * The wait between two tries. The work waits for the database on every first start (the admin
     * config, the HTTPS listener), so the last wait is start-up time: with a backoff to 5 s the
     * listener came up to 4 s after the database was ready. A try while the database is down fails
     * at once, so trying often costs nothing worth saving.
     */
    static final long INTERVAL_MS = 250;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    Retry(String name, Logger log, Runnable work) {
        thread = new Thread(() -> {
            String logged = null;
            while (stopped.getCount() > 0) {
                try {
                    work.run();
                    return;
                } catch (RuntimeException e) {
                    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    if (!message.equals(logged)) {
                        log.warn("{} waits: {}", name, message);
                        logged = message;
                    }
                }
                try {
                    if (stopped.await(INTERVAL_MS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "labd-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        stopped.countDown();
        thread.interrupt();
    }
}
