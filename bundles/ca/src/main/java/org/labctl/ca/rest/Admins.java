package org.labctl.ca.rest;

import javax.servlet.http.HttpServletRequest;
import org.labctl.api.PermissionDenied;
import org.labctl.ca.Caller;
import org.labctl.ca.CertificateKind;

/** Until roles and bindings arrive (RBAC), identity management is for the user admin only. */
final class Admins {

    private Admins() {
    }

    static Caller require(HttpServletRequest request) {
        Object caller = request.getAttribute(Caller.ATTRIBUTE);
        if (caller instanceof Caller c && c.kind() == CertificateKind.USER && "admin".equals(c.name())) {
            return c;
        }
        throw new PermissionDenied("only admin may manage users and tokens (until roles arrive): use the admin config");
    }
}
