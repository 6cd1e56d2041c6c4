package org.labctl.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission a REST endpoint needs: labd's access filter builds the address
 * {@code action:cloud:environment:name} of the request from this declaration and its path, and
 * asks the {@link Authorizer} before the resource method runs. Every resource method declares
 * either this or {@link Permit}; a method that declares neither is refused (deny by default).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {

    /** read, exec, apply, destroy, manage, admin or kubectl. */
    String action();

    /** What the request acts on, which decides how its address is built. */
    On on();

    /**
     * {@link On#SERVER}: the path parameter holding the server name (its cloud and environment are
     * looked up). {@link On#ENVIRONMENT}: the path parameter holding the environment name (the
     * cloud is in {@code cloud}). {@link On#GLOBAL}: the fixed name of the kind (users, roles,
     * tokens, audit…).
     */
    String value() default "name";

    /**
     * {@link On#ENVIRONMENT}: a fixed cloud for resources that exist in one cloud only (bastions
     * are in {@code baremetal}); empty to take it from the path parameter {@code cloud}.
     */
    String cloud() default "";

    /** How a request is addressed. */
    enum On {
        /** a server: {@code <its cloud>:<its environment>:<name>}. */
        SERVER,
        /** an environment: {@code <cloud path parameter>:<environment>:*}. */
        ENVIRONMENT,
        /** something outside clouds (users, roles, tokens, audit): {@code *:*:<value>}. */
        GLOBAL,
        /**
         * a listing: allowed to every user; the resource shows only the items the caller's
         * {@link Access} allows for {@code action}.
         */
        LIST
    }
}
