package org.labctl.core.internal;

import java.io.IOException;

/**
 * A request body grew past the bytes its endpoint takes. An {@link IOException}, as any failure
 * to read the body is, so that JSON parsers and CXF pass it on unchanged to the error mapper,
 * which answers 413.
 */
public final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public BodyTooLarge(long limit) {
        super(message(limit));
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** The one-line reason labd answers an oversized body with. */
    public static String message(long limit) {
        return "the request body is larger than the " + limit + " bytes this endpoint takes";
    }
}
