package org.labctl.core;

import org.labctl.api.Caller;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides what users may do (the rbac bundle provides it). While no authorizer is registered,
 * labd refuses every request that needs a permission (503): deny by default, never open.
 */
@ConsumerType
public interface Authorizer {

    /** The current permissions of a user (agents have none: they reach only {@link Permit.Who#AGENT} endpoints). */
    Access access(Caller caller);
}
