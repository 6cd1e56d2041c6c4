package org.labctl.pulumi.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.NotFoundException;
import org.labctl.api.PulumiRun;
import org.labctl.api.PulumiRunRequest;
import org.labctl.api.PulumiStack;
import org.labctl.core.Access;
import org.labctl.core.BodyLimit;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.pulumi.internal.RunService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/stacks}: Pulumi stacks, the programs run on them and their runs ({@code labctl plan|apply|destroy}).
 *
 * <pre>
 * GET  /stacks                                   the stacks the caller may read
 * GET  /stacks/CLOUD/ENV/NAME                    one stack: config (secrets hidden), outputs, last run
 * GET  /stacks/CLOUD/ENV/NAME/runs               its runs, newest first
 * GET  /stacks/CLOUD/ENV/NAME/programs/SHA256    204 when labd has the program, else 404
 * PUT  /stacks/CLOUD/ENV/NAME/programs/SHA256    the program's jar (application/octet-stream)
 * POST /stacks/CLOUD/ENV/NAME/plan|apply|destroy  {@link PulumiRunRequest}: starts a run (202)
 * </pre>
 */
@Component(service = RestEndpoint.class)
@Path("/stacks")
@Produces(MediaType.APPLICATION_JSON)
public class StackResource implements RestEndpoint {

    private final RunService runs;

    @Activate
    public StackResource(@Reference RunService runs) {
        this.runs = runs;
    }

    @GET
    @Requires(action = "read", kind = "stack", list = true)
    public List<PulumiStack> list(@Context HttpServletRequest http) {
        return runs.stacks(access(http));
    }

    @GET
    @Path("/{cloud}/{environment}/{name}")
    @Requires(action = "read", kind = "stack", name = "{cloud}/{environment}/{name}")
    public PulumiStack describe(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                                @PathParam("name") String name) {
        return runs.stack(cloud, environment, name);
    }

    @GET
    @Path("/{cloud}/{environment}/{name}/runs")
    @Requires(action = "read", kind = "stack", name = "{cloud}/{environment}/{name}")
    public List<PulumiRun> history(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                                   @PathParam("name") String name, @QueryParam("limit") @DefaultValue("100") int limit) {
        return runs.runs(cloud, environment, name, limit);
    }

    @GET
    @Path("/{cloud}/{environment}/{name}/programs/{sha256}")
    @Requires(action = "apply", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response hasProgram(@PathParam("sha256") String sha256) {
        if (!runs.hasProgram(sha256)) {
            throw new NotFoundException("program " + sha256 + " not uploaded");
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("/{cloud}/{environment}/{name}/programs/{sha256}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @BodyLimit(RunService.MAX_PROGRAM)
    @Requires(action = "apply", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response putProgram(@PathParam("sha256") String sha256, InputStream body, @Context HttpServletRequest http)
            throws IOException {
        return Response.status(runs.putProgram(sha256, body, access(http)) ? 201 : 200).build();
    }

    @POST
    @Path("/{cloud}/{environment}/{name}/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "apply", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response plan(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                         @PathParam("name") String name, PulumiRunRequest request, @Context HttpServletRequest http) {
        return Response.status(202).entity(runs.start(cloud, environment, name, "plan", request, access(http))).build();
    }

    @POST
    @Path("/{cloud}/{environment}/{name}/apply")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "apply", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response apply(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                          @PathParam("name") String name, PulumiRunRequest request, @Context HttpServletRequest http) {
        return Response.status(202).entity(runs.start(cloud, environment, name, "apply", request, access(http))).build();
    }

    @POST
    @Path("/{cloud}/{environment}/{name}/destroy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "destroy", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response destroy(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                            @PathParam("name") String name, PulumiRunRequest request, @Context HttpServletRequest http) {
        return Response.status(202).entity(runs.start(cloud, environment, name, "destroy", request, access(http))).build();
    }

    private static Access access(HttpServletRequest http) {
        return Access.of(http.getAttribute(Access.ATTRIBUTE));
    }
}
