package org.labctl.modules.rest;

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
import org.labctl.api.AddModuleRepositoryRequest;
import org.labctl.api.ModuleRepository;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.modules.internal.ModuleRepositories;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/module-repositories}: the Maven repositories labd fetches {@code mvn:} modules from
 * ({@code labctl modules repos}). Adding and removing one needs {@code manage:*:*:modules}, listing them
 * {@code read:*:*:modules}; a password goes in and never comes out.
 *
 * <pre>
 * GET    /module-repositories            the repositories, in the order labd asks them
 * POST   /module-repositories            {"url","name","username","password"}: add one after the others
 * DELETE /module-repositories/NAME       remove one
 * </pre>
 */
@Component(service = RestEndpoint.class)
@Path("/module-repositories")
@Produces(MediaType.APPLICATION_JSON)
public class ModuleRepositoryResource implements RestEndpoint {

    private final ModuleRepositories repositories;

    @Activate
    public ModuleRepositoryResource(@Reference ModuleRepositories repositories) {
        this.repositories = repositories;
    }

    @GET
    @Requires(action = "read", kind = "module")
    public List<ModuleRepository> list() {
        return repositories.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "manage", kind = "module")
    public Response add(AddModuleRepositoryRequest request, @Context HttpServletRequest http) {
        return Response.status(201).entity(repositories.add(request, ModuleResource.access(http))).build();
    }

    @DELETE
    @Path("/{name}")
    @Requires(action = "manage", kind = "module")
    public ModuleRepository remove(@PathParam("name") String name, @Context HttpServletRequest http) {
        return repositories.remove(name, ModuleResource.access(http));
    }
}
