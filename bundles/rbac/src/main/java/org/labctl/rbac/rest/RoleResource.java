package org.labctl.rbac.rest;

import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.BindingRequest;
import org.labctl.api.Caller;
import org.labctl.api.CreateRoleRequest;
import org.labctl.api.RoleInfo;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.rbac.internal.RbacService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/roles}: roles and their bindings. Changing them needs manage on roles, and on top
 * of that, holding every allow of the role concerned (no escalation).
 */
@Component(service = RestEndpoint.class)
@Path("/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource implements RestEndpoint {

    private final RbacService rbac;

    @Activate
    public RoleResource(@Reference RbacService rbac) {
        this.rbac = rbac;
    }

    @GET
    @Requires(action = "read", kind = "role")
    public List<RoleInfo> list() {
        return rbac.roles();
    }

    @GET
    @Path("/{name}")
    @Requires(action = "read", kind = "role")
    public RoleInfo describe(@PathParam("name") String name) {
        return rbac.role(name);
    }

    @POST
    @Requires(action = "manage", kind = "role")
    public Response create(CreateRoleRequest body, @Context HttpServletRequest request) {
        return Response.status(Response.Status.CREATED).entity(rbac.create(caller(request), body)).build();
    }

    @DELETE
    @Path("/{name}")
    @Requires(action = "manage", kind = "role")
    public RoleInfo delete(@PathParam("name") String name, @Context HttpServletRequest request) {
        return rbac.delete(caller(request), name);
    }

    @POST
    @Path("/{name}/bindings")
    @Requires(action = "manage", kind = "role")
    public Response bind(@PathParam("name") String name, BindingRequest body, @Context HttpServletRequest request) {
        return Response.status(Response.Status.CREATED).entity(rbac.bind(caller(request), name, body == null ? null : body.user()))
                .build();
    }

    @DELETE
    @Path("/{name}/bindings/{user}")
    @Requires(action = "manage", kind = "role")
    public RoleInfo unbind(@PathParam("name") String name, @PathParam("user") String user, @Context HttpServletRequest request) {
        return rbac.unbind(caller(request), name, user);
    }

    private static Caller caller(HttpServletRequest request) {
        return Caller.of(request.getAttribute(Caller.ATTRIBUTE));
    }
}
