package org.labctl.modules.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.labctl.api.AddModuleRequest;
import org.labctl.api.InvalidArgument;
import org.labctl.api.ModuleDetail;
import org.labctl.api.ModuleInfo;
import org.labctl.api.ModuleServerState;
import org.labctl.core.Access;
import org.labctl.core.BodyLimit;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.modules.Parameters;
import org.labctl.modules.internal.ModuleArchive;
import org.labctl.modules.internal.ModuleRepositories;
import org.labctl.modules.internal.ModuleService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/modules}: what labctl modules does. Changes need {@code manage:*:*:modules} (and, to put a version in
 * force, apply on every server it targets and the permissions its module.yaml declares); reads need
 * {@code read:*:*:modules}. Every call is audited by labd's access filter, a change with what it did in its details.
 *
 * <pre>
 * POST   /modules?source=&amp;commit=&amp;values=&amp;set=&amp;digest=   a module's directory as a zip (application/zip): add, or upgrade
 * POST   /modules {"source":"mvn:…","values","set"}   (application/json) the same, fetched by labd from its Maven repositories
 * GET    /modules                                   the modules installed, in dependency order
 * GET    /modules/NAME                              one, with its files, parameters, previous version and servers
 * POST   /modules/NAME/rollback                     back to the previous version
 * DELETE /modules/NAME                              remove (refused while another module needs it)
 * GET    /modules/NAME/status                       each server it targets, as its agent reported it
 * </pre>
 */
@Component(service = RestEndpoint.class)
@Path("/modules")
@Produces(MediaType.APPLICATION_JSON)
public class ModuleResource implements RestEndpoint {

    /** The most bytes of a module's archive: its files (64 MiB) and the archive's own headers. */
    static final int MAX_ARCHIVE = (int) ModuleArchive.MAX_BYTES + 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final ModuleService modules;
    private final ModuleRepositories repositories;

    @Activate
    public ModuleResource(@Reference ModuleService modules, @Reference ModuleRepositories repositories) {
        this.modules = modules;
        this.repositories = repositories;
    }

    @POST
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    @BodyLimit(MAX_ARCHIVE)
    @Requires(action = "manage", kind = "module")
    public Response add(InputStream archive, @QueryParam("source") String source, @QueryParam("commit") String commit,
                        @QueryParam("values") String values, @QueryParam("set") List<String> sets,
                        @QueryParam("digest") List<String> digests, @Context HttpServletRequest request) throws IOException {
        if (sets != null && sets.size() > Parameters.MAX_ASSIGNMENTS) {
            throw new InvalidArgument(sets.size() + " set= assignments; at most " + Parameters.MAX_ASSIGNMENTS);
        }
        ModuleInfo added = modules.add(archive, MAX_ARCHIVE, new ModuleService.Upload(source, commit, values(values), sets,
                digests(digests)), access(request));
        return Response.status(added.previousVersion() == null ? 201 : 200).entity(added).build();
    }

    /** A module labd fetches itself: {@code mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]]} from its module repositories. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "manage", kind = "module")
    public Response addFrom(AddModuleRequest request, @Context HttpServletRequest http) throws IOException {
        ModuleInfo added = repositories.addModule(request, access(http));
        return Response.status(added.previousVersion() == null ? 201 : 200).entity(added).build();
    }

    @GET
    @Requires(action = "read", kind = "module")
    public List<ModuleInfo> list(@Context HttpServletRequest request) {
        return modules.list(access(request));
    }

    @GET
    @Path("/{name}")
    @Requires(action = "read", kind = "module", name = "{name}")
    public ModuleDetail describe(@PathParam("name") String name, @Context HttpServletRequest request) {
        return modules.describe(name, access(request));
    }

    @POST
    @Path("/{name}/rollback")
    @Requires(action = "manage", kind = "module", name = "{name}")
    public ModuleInfo rollback(@PathParam("name") String name, @Context HttpServletRequest request) {
        return modules.rollback(name, access(request));
    }

    @DELETE
    @Path("/{name}")
    @Requires(action = "manage", kind = "module", name = "{name}")
    public ModuleInfo remove(@PathParam("name") String name, @Context HttpServletRequest request) {
        return modules.remove(name, access(request));
    }

    @GET
    @Path("/{name}/status")
    @Requires(action = "read", kind = "module", name = "{name}")
    public List<ModuleServerState> status(@PathParam("name") String name, @Context HttpServletRequest request) {
        return modules.status(name, access(request));
    }

    static Access access(HttpServletRequest request) {
        return Access.of(request.getAttribute(Access.ATTRIBUTE));
    }

    /** {@code values}: a JSON object of parameter values. */
    private static Map<String, Object> values(String values) {
        if (values == null || values.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(values, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new InvalidArgument("values is not a JSON object of parameter values: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /** {@code digest=FILE:SHA256}, each file once. */
    private static Map<String, String> digests(List<String> digests) {
        if (digests == null || digests.isEmpty()) {
            return null;
        }
        Map<String, String> byFile = new LinkedHashMap<>();
        for (String digest : digests) {
            int colon = digest.lastIndexOf(':');
            if (colon <= 0 || byFile.put(digest.substring(0, colon), digest.substring(colon + 1)) != null) {
                throw new InvalidArgument("digest=" + digest + " is not FILE:SHA256 of a file given once");
            }
        }
        return byFile;
    }
}
