package org.labctl.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A REST endpoint open to a kind of caller without a permission: declared explicitly, so that an
 * endpoint that declares nothing can be refused. See {@link Requires}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Permit {

    Who value();

    /** Who may call. */
    enum Who {
        /** any user with a valid certificate (health, version, who am I). */
        ANY_USER,
        /** lab-agents only, with their certificate. */
        AGENT,
        /** nobody with a certificate needed: the join token in the body authenticates (enrollment). */
        JOIN_TOKEN
    }
}
