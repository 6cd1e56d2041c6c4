package org.labctl.rbac.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.labctl.api.CanIAnswer;
import org.labctl.api.Caller;
import org.labctl.api.PermissionsInfo;
import org.labctl.core.Permit;
import org.labctl.core.RestEndpoint;
import org.labctl.rbac.internal.RbacService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/auth}: what the caller may do. {@code can-i} and one's own permissions are open to
 * every user; another user's permissions need read on roles.
 */
@Component(service = RestEndpoint.class)
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource implements RestEndpoint {

    private final RbacService rbac;

    @Activate
    public AuthResource(@Reference RbacService rbac) {
        this.rbac = rbac;
    }

    @GET
    @Path("/can-i")
    @Permit(Permit.Who.ANY_USER)
    public CanIAnswer canI(@QueryParam("action") String action, @QueryParam("resource") String resource,
                           @Context HttpServletRequest request) {
        return rbac.canI(Caller.of(request.getAttribute(Caller.ATTRIBUTE)), action, resource);
    }

    @GET
    @Path("/permissions")
    @Permit(Permit.Who.ANY_USER)
    public PermissionsInfo permissions(@QueryParam("user") String user, @Context HttpServletRequest request) {
        return rbac.permissions(Caller.of(request.getAttribute(Caller.ATTRIBUTE)), user);
    }
}
