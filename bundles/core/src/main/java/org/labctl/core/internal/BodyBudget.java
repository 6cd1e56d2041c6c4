package org.labctl.core.internal;

import java.io.IOException;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;

/**
 * How many body bytes one request may still bring. The request limits filter starts it at the
 * most the caller may send; the JAX-RS body limit filter lowers it to what the endpoint takes,
 * before the body is read. The stream it hands out throws {@link BodyTooLarge} as soon as the body
 * grows past the limit, whatever the request declared (chunked bodies declare nothing).
 */
final class BodyBudget {

    /** The request attribute under which the filter leaves the budget for the JAX-RS filter. */
    static final String ATTRIBUTE = BodyBudget.class.getName();

    private volatile long limit;
    private final long standard;

    BodyBudget(long limit) {
        this(limit, limit);
    }

    /**
     * @param limit    the most the request may bring
     * @param standard what an endpoint that declares no limit takes (no more than {@code limit})
     */
    BodyBudget(long limit, long standard) {
        this.limit = limit;
        this.standard = Math.min(limit, standard);
    }

    /** What an endpoint that declares no limit of its own takes. */
    long standard() {
        return standard;
    }

    long limit() {
        return limit;
    }

    /** Lowers the limit; a higher one than the current is ignored. */
    void lower(long bytes) {
        if (bytes < limit) {
            limit = bytes;
        }
    }

    ServletInputStream wrap(ServletInputStream body) {
        return new Limited(body);
    }

    private final class Limited extends ServletInputStream {
        private final ServletInputStream body;
        private long read;

        Limited(ServletInputStream body) {
            this.body = body;
        }

        private int count(int bytes) throws IOException {
            if (bytes > 0) {
                read += bytes;
                if (read > limit) {
                    throw new BodyTooLarge(limit);
                }
            }
            return bytes;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never ask for more than one byte past the limit: the check then fails before more arrives
            long allowed = Math.max(1, limit - read + 1);
            return count(body.read(buffer, offset, (int) Math.min(length, allowed)));
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return body.available();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
