package org.labctl.pulumi.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
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
import org.labctl.api.AppInfo;
import org.labctl.api.AppRelease;
import org.labctl.api.AppRequest;
import org.labctl.api.AppRevision;
import org.labctl.api.PublishAppRequest;
import org.labctl.core.Access;
import org.labctl.core.BodyLimit;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.pulumi.internal.AppService;
import org.labctl.pulumi.internal.RunService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/apps}: labd's catalog of apps and the apps installed in environments ({@code labctl apps …}).
 *
 * <pre>
 * GET  /apps                                  the releases the caller may read
 * GET  /apps/catalog                          every app version published
 * GET  /apps/catalog/NAME[?version=V]         one (the newest without a version)
 * PUT  /apps/catalog/programs/SHA256          an app's jar (application/octet-stream)
 * POST /apps/catalog                          {"program": SHA256}: publishes the app the jar carries
 * GET  /apps/CLOUD/ENV/NAME                   a release: its newest revision, outputs, last run
 * GET  /apps/CLOUD/ENV/NAME/revisions         its revisions, newest first
 * POST /apps/CLOUD/ENV/NAME/plan              {@link AppRequest}: what an install or upgrade would change (202, a run)
 * POST /apps/CLOUD/ENV/NAME/install|upgrade|rollback|uninstall   starts the revision's run (202)
 * </pre>
 */
@Component(service = RestEndpoint.class)
@Path("/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppResource implements RestEndpoint {

    private final AppService apps;
    private final RunService runs;

    @Activate
    public AppResource(@Reference AppService apps, @Reference RunService runs) {
        this.apps = apps;
        this.runs = runs;
    }

    @GET
    @Requires(action = "read", kind = "stack", list = true)
    public List<AppRelease> releases(@Context HttpServletRequest http) {
        return apps.releases(access(http));
    }

    @GET
    @Path("/catalog")
    @Requires(action = "read", kind = "app", name = "")
    public List<AppInfo> catalog() {
        return apps.catalog();
    }

    @GET
    @Path("/catalog/{name}")
    @Requires(action = "read", kind = "app", name = "")
    public AppInfo app(@PathParam("name") String name, @QueryParam("version") String version) {
        return apps.app(name, version);
    }

    @PUT
    @Path("/catalog/programs/{sha256}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @BodyLimit(RunService.MAX_PROGRAM)
    @Requires(action = "manage", kind = "app", name = "")
    public Response putProgram(@PathParam("sha256") String sha256, InputStream body, @Context HttpServletRequest http)
            throws IOException {
        return Response.status(runs.putProgram(sha256, body, access(http)) ? 201 : 200).build();
    }

    @POST
    @Path("/catalog")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "manage", kind = "app", name = "")
    public AppInfo publish(PublishAppRequest publish, @Context HttpServletRequest http) {
        return apps.publish(publish, access(http));
    }

    @GET
    @Path("/{cloud}/{environment}/{name}")
    @Requires(action = "read", kind = "stack", name = "{cloud}/{environment}/{name}")
    public AppRelease release(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                              @PathParam("name") String name) {
        return apps.release(cloud, environment, name);
    }

    @GET
    @Path("/{cloud}/{environment}/{name}/revisions")
    @Requires(action = "read", kind = "stack", name = "{cloud}/{environment}/{name}")
    public List<AppRevision> history(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                                     @PathParam("name") String name) {
        return apps.history(cloud, environment, name);
    }

    @POST
    @Path("/{cloud}/{environment}/{name}/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "apply", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response plan(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                         @PathParam("name") String name, AppRequest request, @Context HttpServletRequest http) {
        return Response.status(202).entity(apps.plan(cloud, environment, name, request, access(http))).build();
    }

    @POST
    @Path("/{cloud}/{environment}/{name}/install")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "apply", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response install(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                            @PathParam("name") String name, AppRequest request, @Context HttpServletRequest http) {
        return Response.status(202).entity(apps.install(cloud, environment, name, request, access(http))).build();
    }

    @POST
    @Path("/{cloud}/{environment}/{name}/upgrade")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "apply", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response upgrade(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                            @PathParam("name") String name, AppRequest request, @Context HttpServletRequest http) {
        return Response.status(202).entity(apps.upgrade(cloud, environment, name, request, access(http))).build();
    }

    @POST
    @Path("/{cloud}/{environment}/{name}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "apply", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response rollback(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                             @PathParam("name") String name, AppRequest request, @Context HttpServletRequest http) {
        return Response.status(202).entity(apps.rollback(cloud, environment, name, request, access(http))).build();
    }

    @POST
    @Path("/{cloud}/{environment}/{name}/uninstall")
    @Requires(action = "destroy", kind = "stack", name = "{cloud}/{environment}/{name}")
    public Response uninstall(@PathParam("cloud") String cloud, @PathParam("environment") String environment,
                              @PathParam("name") String name, @Context HttpServletRequest http) {
        return Response.status(202).entity(apps.uninstall(cloud, environment, name, access(http))).build();
    }

    private static Access access(HttpServletRequest http) {
        return Access.of(http.getAttribute(Access.ATTRIBUTE));
    }
}
