package org.labctl.core;

import java.util.Set;
import org.labctl.api.Caller;
import org.labctl.api.Failure;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one gate every request passes: REST calls (core's filter), stream sessions (exec's relay,
 * for every session kind) and {@code auth can-i} alike. It authenticates (a user's certificate),
 * resolves the resource through its {@link ResourceKind}, authorizes with the caller's
 * {@link Access}, and words a refusal so that an unknown resource and one the caller may not see
 * answer alike. It does not write the audit row itself: the caller of the gate does, with the
 * decision's {@link Decision#resource() real address}, because the row also records what the
 * request did (REST status, session outcome).
 */
@ProviderType
public interface Gate {

    /**
     * Decides {@code request} for {@code caller} (null: no certificate).
     *
     * @return the decision; never throws for a refusal
     */
    Decision decide(Caller caller, Request request);

    /**
     * The caller's access, for what a request shows or checks beyond its one resource (a listing
     * shows what it allows; a move checks where the server goes). Null while no authorizer is
     * installed.
     */
    Access access(Caller caller);

    /** The names of the kinds installed now. */
    Set<String> kinds();

    /**
     * Whether a kind of this name was installed since labd started and is not now (its bundle was
     * stopped or its feature uninstalled): what labd answers for its REST paths meanwhile.
     */
    boolean uninstalled(String kind);

    /**
     * A request on one resource.
     *
     * @param kind             the resource kind's {@link ResourceKind#name() name}
     * @param action           read, exec, apply, destroy, manage, admin or kubectl
     * @param name             the resource's name, as its kind spells it; empty for the kind as a
     *                         whole ({@code *:*:users}, creating an environment); null for a listing,
     *                         which the gate allows to every user while the kind is installed (the
     *                         listing shows what the caller's {@link #access access} allows)
     * @param wholeEnvironment whether the action is checked on the resource's whole environment
     *                         ({@code action:cloud:environment:*}, as for the bastion a server runs)
     */
    record Request(String kind, String action, String name, boolean wholeEnvironment) {

        public Request(String kind, String action, String name) {
            this(kind, action, name, false);
        }

        /** A listing of the kind's resources. */
        public static Request listing(String kind, String action) {
            return new Request(kind, action, null, false);
        }
    }

    /**
     * What the gate decided.
     *
     * @param allowed    whether the request may go on
     * @param failure    for a refusal, what to answer (unauthenticated, permission denied, not found,
     *                   invalid argument for a name the kind cannot have, unavailable while the
     *                   authorizer or the kind is not installed); null when allowed
     * @param permission the request as the caller may see it: {@code action:cloud:environment:name}
     *                   at the resource's real address when the caller may read it, else with
     *                   {@code *:*} for the placement
     * @param reason     for a refusal, one line safe to show the caller; null when allowed
     * @param resource   the real address for the audit log ({@code *:*:name} when there is no such
     *                   resource), which only the audit log's readers see; null for a listing and
     *                   when the gate refused before it looked for the resource (no certificate, an
     *                   agent's, the kind not installed, an action that does not apply, no authorizer)
     * @param where      the resource's address, null when it was not found
     */
    record Decision(boolean allowed, Failure failure, String permission, String reason, String resource,
                    ResourceKind.Address where) {

        /** The request may go on. */
        public static Decision allow(String permission, String resource, ResourceKind.Address where) {
            return new Decision(true, null, permission, null, resource, where);
        }

        /** A refusal. */
        public static Decision refuse(Failure failure, String permission, String reason, String resource,
                ResourceKind.Address where) {
            return new Decision(false, failure, permission, reason, resource, where);
        }
    }
}
