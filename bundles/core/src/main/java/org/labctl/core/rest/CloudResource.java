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
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.Caller;
import org.labctl.api.CloudDetail;
import org.labctl.api.CloudInfo;
import org.labctl.api.CreateCloudRequest;
import org.labctl.core.Access;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.core.internal.PlacementService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/clouds}: listed and described when the caller may read anything in them (the cloud,
 * one of its environments or servers), with what they may read; created and deleted with
 * {@code manage:*:*:clouds}.
 */
@Component(service = RestEndpoint.class)
@Path("/clouds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CloudResource implements RestEndpoint {

    private final PlacementService placement;

    @Activate
    public CloudResource(@Reference PlacementService placement) {
        this.placement = placement;
    }

    @GET
    @Requires(action = "read", kind = "cloud", list = true)
    public List<CloudInfo> list(@Context HttpServletRequest request) {
        Access access = Access.of(request.getAttribute(Access.ATTRIBUTE));
        return placement.clouds(access);
    }

    @GET
    @Path("/{name}")
    @Requires(action = "read", kind = "cloud", list = true)
    public CloudDetail describe(@PathParam("name") String name, @Context HttpServletRequest request) {
        return placement.cloud(name, Access.of(request.getAttribute(Access.ATTRIBUTE)));
    }

    @POST
    @Requires(action = "manage", kind = "cloud")
    public Response create(CreateCloudRequest body, @Context HttpServletRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(placement.createCloud(body, Caller.of(request.getAttribute(Caller.ATTRIBUTE)).name())).build();
    }

    @DELETE
    @Path("/{name}")
    @Requires(action = "manage", kind = "cloud")
    public CloudInfo delete(@PathParam("name") String name) {
        return placement.deleteCloud(name);
    }
}
