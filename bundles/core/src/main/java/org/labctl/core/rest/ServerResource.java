package org.labctl.core.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.labctl.api.Caller;
import org.labctl.api.LabelChange;
import org.labctl.api.Labels;
import org.labctl.api.MoveServerRequest;
import org.labctl.api.ServerDetail;
import org.labctl.api.ServerInfo;
import org.labctl.core.Access;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.core.internal.ServerService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/servers[?cloud=&env=&label=k=v…]}: a server is read with
 * {@code read:<cloud>:<environment>:<name>}, labelled and deleted with {@code manage:…}, moved with
 * {@code manage:…} where it is and where it goes; the listing shows the servers the caller may read.
 */
@Component(service = RestEndpoint.class)
@Path("/servers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServerResource implements RestEndpoint {

    private final ServerService servers;

    @Activate
    public ServerResource(@Reference ServerService servers) {
        this.servers = servers;
    }

    @GET
    @Requires(action = "read", kind = "server", list = true)
    public List<ServerInfo> list(@QueryParam("cloud") String cloud, @QueryParam("env") String environment,
                                 @QueryParam("label") List<String> labels, @Context HttpServletRequest request) {
        Access access = Access.of(request.getAttribute(Access.ATTRIBUTE));
        Map<String, String> selector = new LinkedHashMap<>();
        for (String label : labels) {
            selector.putAll(Labels.selector(label));
        }
        return ServerService.readable(servers.list(blankToNull(cloud), blankToNull(environment), selector), access);
    }

    @GET
    @Path("/{name}")
    @Requires(action = "read", kind = "server", name = "{name}")
    public ServerDetail describe(@PathParam("name") String name) {
        return servers.describe(name);
    }

    @PATCH
    @Path("/{name}/labels")
    @Requires(action = "manage", kind = "server", name = "{name}")
    public ServerInfo label(@PathParam("name") String name, LabelChange change) {
        return servers.label(name, change);
    }

    /** {@code POST /servers/{name}/move} {@code {"environment", "cloud"}}: the server where it is now. */
    @POST
    @Path("/{name}/move")
    @Requires(action = "manage", kind = "server", name = "{name}")
    public ServerInfo move(@PathParam("name") String name, MoveServerRequest body, @Context HttpServletRequest request) {
        return servers.move(name, body, Access.of(request.getAttribute(Access.ATTRIBUTE)));
    }

    @DELETE
    @Path("/{name}")
    @Requires(action = "manage", kind = "server", name = "{name}")
    public ServerInfo delete(@PathParam("name") String name, @Context HttpServletRequest request) {
        return servers.delete(name, Caller.of(request.getAttribute(Caller.ATTRIBUTE)).name());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
