package org.labctl.ca.rest;

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
import org.labctl.api.Caller;
import org.labctl.api.CreateUserRequest;
import org.labctl.api.UserInfo;
import org.labctl.ca.internal.UserService;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/users}: create (from a CSR), list, describe, delete; reading needs
 * {@code read:*:*:users}, changing {@code manage:*:*:users}.
 */
@Component(service = RestEndpoint.class)
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource implements RestEndpoint {

    private final UserService users;

    @Activate
    public UserResource(@Reference UserService users) {
        this.users = users;
    }

    @POST
    @Requires(action = "manage", kind = "user")
    public Response create(CreateUserRequest body, @Context HttpServletRequest request) {
        return Response.status(Response.Status.CREATED).entity(users.create(body, Caller.of(request.getAttribute(Caller.ATTRIBUTE)).name())).build();
    }

    @GET
    @Requires(action = "read", kind = "user")
    public List<UserInfo> list() {
        return users.list();
    }

    @GET
    @Requires(action = "read", kind = "user")
    @Path("/{name}")
    public UserInfo describe(@PathParam("name") String name) {
        return users.describe(name);
    }

    @DELETE
    @Requires(action = "manage", kind = "user")
    @Path("/{name}")
    public UserInfo delete(@PathParam("name") String name, @Context HttpServletRequest request) {
        return users.delete(name, Caller.of(request.getAttribute(Caller.ATTRIBUTE)).name());
    }
}
