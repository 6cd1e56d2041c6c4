package org.labctl.clusters.rest;

import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.AddClusterRequest;
import org.labctl.api.ClusterInfo;
import org.labctl.clusters.internal.ClusterStore;
import org.labctl.core.Access;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/clusters}: the Kubernetes clusters labd keeps ({@code labctl clusters}). Their API is reached through
 * labd's kubectl proxy, {@code /k8s/NAME/…}, not here.
 *
 * <pre>
 * GET    /clusters                       the clusters the caller may read
 * PUT    /clusters/CLOUD/ENV/NAME        {"kubeconfig","context"}: add one (CLOUD and ENV {@code *} for no placement)
 * GET    /clusters/NAME                  one cluster
 * DELETE /clusters/NAME                  forget one, with its credential
 * </pre>
 */
@Component(service = RestEndpoint.class)
@Path("/clusters")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource implements RestEndpoint {

    private final ClusterStore store;

    @Activate
    public ClusterResource(@Reference ClusterStore store) {
        this.store = store;
    }

    @GET
    @Requires(action = "read", kind = "cluster", list = true)
    public List<ClusterInfo> list(@Context HttpServletRequest http) {
        return store.list(access(http));
    }

    @PUT
    @Path("/{cloud}/{environment}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "manage", kind = "cluster", name = "{cloud}/{environment}/{name}")
    public Response add(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                        @PathParam("name") String name, AddClusterRequest request, @Context HttpServletRequest http) {
        if (request == null) {
            throw new org.labctl.api.InvalidArgument("the body is missing: {\"kubeconfig\": \"…\", \"context\": null}");
        }
        return Response.status(201).entity(store.add(cloud, environment, name, request, access(http))).build();
    }

    @GET
    @Path("/{name}")
    @Requires(action = "read", kind = "cluster", name = "{name}")
    public ClusterInfo describe(@PathParam("name") String name) {
        return store.describe(name);
    }

    @DELETE
    @Path("/{name}")
    @Requires(action = "manage", kind = "cluster", name = "{name}")
    public ClusterInfo remove(@PathParam("name") String name) {
        return store.remove(name);
    }

    private static Access access(HttpServletRequest http) {
        return Access.of(http.getAttribute(Access.ATTRIBUTE));
    }
}
