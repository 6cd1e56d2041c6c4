package org.labctl.ca.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs start-up work that needs the database (and so the CA) in its own thread, retrying with
 * backoff until it succeeds or the component stops; logs each distinct failure once.
 */
final class Retry implements AutoCloseable {

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    Retry(String name, Logger log, Runnable work) {
        thread = new Thread(() -> {
            long backoff = 250;
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
                backoff = Math.min(backoff * 2, 5000);
                try {
                    if (stopped.await(backoff, TimeUnit.MILLISECONDS)) {
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
