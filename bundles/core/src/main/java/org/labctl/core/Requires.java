package org.labctl.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission a REST endpoint needs, as a request to the {@link Gate}: an action on a resource
 * of a {@link ResourceKind kind}, named from the request's path. labd's access filter asks the gate
 * before the resource method runs; the kind says where the named resource is
 * ({@code action:cloud:environment:name}). Every resource method declares either this or
 * {@link Permit}; a method that declares neither is refused (deny by default).
 *
 * <p>Examples: {@code @Requires(action = "read", kind = "server", name = "{name}")} (the server in
 * the path parameter {@code name}), {@code @Requires(action = "manage", kind = "environment",
 * name = "{cloud}/{name}")}, {@code @Requires(action = "manage", kind = "user")} (the kind as a
 * whole: {@code manage:*:*:users}), {@code @Requires(action = "read", kind = "server", list = true)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {

    /** read, exec, apply, destroy, manage, admin or kubectl. */
    String action();

    /** The {@link ResourceKind#name() kind} of what the request acts on ({@code server}, {@code environment}…). */
    String kind();

    /**
     * The resource's name as its kind spells it, with path parameters in braces
     * ({@code {name}}, {@code {cloud}/{name}}); empty for the kind as a whole (creating one, or a
     * kind addressed by its name alone such as {@code *:*:users}).
     */
    String name() default "";

    /**
     * A listing: allowed to every user while the kind is installed; the resource shows only the
     * items the caller's {@link Access} allows for {@link #action()}.
     */
    boolean list() default false;
}
