package org.labctl.core;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of resource labd's {@link Gate} can decide requests on, registered as an OSGi service by
 * the bundle that owns it (servers, environments and clouds by core; users and tokens by ca; roles
 * by rbac; bastions by provision; clusters, stacks, apps and modules by theirs). It says how a
 * name resolves to the address {@code action:cloud:environment:name}, which actions apply, and how
 * the resource reads in the audit log. A kind that goes away (its bundle stopped) takes its
 * requests with it: the gate answers them "not installed".
 */
@ConsumerType
public interface ResourceKind {

    /** The service property that also holds {@link #name()}, for lookups by kind. */
    String PROPERTY = "labctl.kind";

    /** The kind's name as labctl spells it ({@code server}, {@code environment}, {@code user}…). */
    String name();

    /** The actions that apply to resources of this kind (read, exec, apply, destroy, manage, admin, kubectl). */
    Set<String> actions();

    /**
     * Where the named resource is, for its address: the cloud and environment, and the name segment
     * ({@code *} for a whole environment, the kind's fixed name for resources outside clouds). Null
     * when no resource has that name: only kinds that {@link #looksUp() look resources up} return null.
     * The empty name stands for the kind as a whole (creating one: {@code *:*:environments}).
     *
     * @throws org.labctl.api.InvalidArgument when the name is not one this kind can have
     */
    Address locate(String name);

    /**
     * Whether {@link #locate} looks the resource up (servers, clusters…) rather than computing its
     * address from the name (environments, users…). Then a caller who may not read a resource must
     * not learn from an answer whether it exists, or where: the gate answers unknown and hidden alike.
     */
    boolean looksUp();

    /** The command that lists resources of this kind, as a not-found answer names it: {@code labctl get servers}. */
    default String listing() {
        return "labctl get " + name() + "s";
    }

    /**
     * The name a refusal gives a resource the caller may not see, for a kind that {@link #looksUp() looks resources up}:
     * its own name by default. A kind whose resources are asked for by another name than their address's (a Pulumi run
     * by its id, addressed as its stack) gives the name asked for, so that the answer tells nothing the caller did not
     * say, and reads as the answer for a name that does not exist.
     *
     * @param requested the name in the request
     * @param where     where the resource is
     */
    default String concealedName(String requested, Address where) {
        return where.name();
    }

    /** How the resource reads in messages and the audit log: {@code server/web-1}. */
    default String describe(String name) {
        return name() + "/" + name;
    }

    /**
     * The cloud, environment and name segments of a resource's address.
     *
     * @param cloud       the cloud, or {@code *} for resources outside clouds
     * @param environment the environment, {@code -} when in none, or {@code *} for resources outside clouds
     * @param name        the name segment
     */
    record Address(String cloud, String environment, String name) {

        /** {@code action:cloud:environment:name}. */
        public String permission(String action) {
            return action + ":" + this;
        }

        @Override
        public String toString() {
            return cloud + ":" + environment + ":" + name;
        }
    }
}
