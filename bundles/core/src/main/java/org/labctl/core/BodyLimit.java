package org.labctl.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest request body, in bytes, a REST method takes (on a class: each of its methods). labd
 * answers 413 before it reads more than that: at once when the request declares a larger
 * Content-Length, and as soon as a chunked body grows past it. Without this, a method takes up to
 * labd's {@code body.max.bytes} (PID {@code org.labctl.core.limits}); a request without a client
 * certificate never gets more than {@code unauthenticated.body.max.bytes}, and no method gets more
 * than {@code body.max.bytes}, whatever it declares, except from an upload: a request whose
 * {@code Content-Type} is {@code application/zip} or {@code application/octet-stream} may bring up to
 * what its method declares here, at most {@code upload.max.bytes} (a module's archive).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface BodyLimit {

    /** Bytes. */
    int value();
}
