package org.labctl.core.rest;

import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.Caller;
import org.labctl.api.CreateEnvironmentRequest;
import org.labctl.api.EnvironmentDetail;
import org.labctl.api.EnvironmentInfo;
import org.labctl.core.Access;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.core.internal.PlacementService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/environments[?cloud=C]}: listed as far as the caller may read them, described with
 * {@code read:<cloud>:<name>:*}; created with {@code manage:*:*:environments}, deleted with
 * {@code manage:<cloud>:<name>:*}.
 */
@Component(service = RestEndpoint.class)
@Path("/environments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnvironmentResource implements RestEndpoint {

    private final PlacementService placement;

    @Activate
    public EnvironmentResource(@Reference PlacementService placement) {
        this.placement = placement;
    }

    @GET
    @Requires(action = "read", kind = "environment", list = true)
    public List<EnvironmentInfo> list(@QueryParam("cloud") String cloud, @Context HttpServletRequest request) {
        Access access = Access.of(request.getAttribute(Access.ATTRIBUTE));
        return PlacementService.readable(placement.environments(cloud == null || cloud.isBlank() ? null : cloud), access);
    }

    @GET
    @Path("/{cloud}/{name}")
    @Requires(action = "read", kind = "environment", name = "{cloud}/{name}")
    public EnvironmentDetail describe(@PathParam("cloud") String cloud, @PathParam("name") String name,
                                      @Context HttpServletRequest request) {
        return placement.environment(cloud, name, Access.of(request.getAttribute(Access.ATTRIBUTE)));
    }

    @POST
    @Requires(action = "manage", kind = "environment")
    public Response create(CreateEnvironmentRequest body, @Context HttpServletRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(placement.createEnvironment(body, Caller.of(request.getAttribute(Caller.ATTRIBUTE)).name())).build();
    }

    @DELETE
    @Path("/{cloud}/{name}")
    @Requires(action = "manage", kind = "environment", name = "{cloud}/{name}")
    public EnvironmentInfo delete(@PathParam("cloud") String cloud, @PathParam("name") String name) {
        return placement.deleteEnvironment(cloud, name);
    }
}
