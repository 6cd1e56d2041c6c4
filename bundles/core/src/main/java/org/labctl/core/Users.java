package org.labctl.core;

import org.osgi.annotation.versioning.ProviderType;

/** The users labd knows, from the bundle that keeps them (ca), for bundles that refer to users by name (rbac). */
@ProviderType
public interface Users {

    /** Whether a user of this name exists. */
    boolean exists(String name);
}
