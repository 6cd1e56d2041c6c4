package org.labctl.api;

import java.util.List;

/**
 * A user's effective permissions: the union of the rules of the roles bound to them.
 *
 * @param user   the user
 * @param roles  the roles bound to them
 * @param allows their allow rules
 * @param denies their deny rules (they override any allow)
 */
public record PermissionsInfo(String user, List<String> roles, List<String> allows, List<String> denies) {
}
