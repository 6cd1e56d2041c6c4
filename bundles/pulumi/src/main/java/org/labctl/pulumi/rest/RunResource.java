package org.labctl.pulumi.rest;

import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.labctl.api.PulumiRun;
import org.labctl.api.PulumiRunLog;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.pulumi.internal.RunService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/pulumi/runs}: one run by its id ({@code labctl logs pulumi/ID}).
 *
 * <pre>
 * GET  /pulumi/runs/ID              the run
 * GET  /pulumi/runs/ID/log?after=N[&wait=MS]  its output after line N, and the run; with wait, held up to MS
 *                                   (at most 2000) until there is a line or the run has ended
 * POST /pulumi/runs/ID/cancel       asks its engine to stop
 * </pre>
 */
@Component(service = RestEndpoint.class)
@Path("/pulumi/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource implements RestEndpoint {

    private final RunService runs;

    @Activate
    public RunResource(@Reference RunService runs) {
        this.runs = runs;
    }

    @GET
    @Path("/{id}")
    @Requires(action = "read", kind = "pulumi", name = "{id}")
    public PulumiRun run(@PathParam("id") String id) {
        return runs.run(id);
    }

    @GET
    @Path("/{id}/log")
    @Requires(action = "read", kind = "pulumi", name = "{id}")
    public PulumiRunLog log(@PathParam("id") String id, @QueryParam("after") @DefaultValue("0") long after,
                            @QueryParam("wait") @DefaultValue("0") int waitMillis) {
        return runs.log(id, after, waitMillis);
    }

    @POST
    @Path("/{id}/cancel")
    @Requires(action = "apply", kind = "pulumi", name = "{id}")
    public PulumiRun cancel(@PathParam("id") String id) {
        return runs.cancel(id);
    }
}
