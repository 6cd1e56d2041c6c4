package org.labctl.modules.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.Caller;
import org.labctl.core.Permit;
import org.labctl.core.RestEndpoint;
import org.labctl.modules.internal.ModuleCatalog;
import org.labctl.modules.internal.ModuleService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/v1/agent/modules}: what a lab-agent fetches for its server (agent certificates only; a user's is
 * refused). The agent's certificate names its server; the modules are those whose targets match that server's role and
 * labels now, in dependency order.
 *
 * <pre>
 * GET /agent/modules                              {"generation", "server": {"role", "labels"},
 *                                                 "modules": [{"name", "version", "parameters": {...},
 *                                                 "bundles": [{"file", "sha256", "size", "url"}]}]}
 * GET /agent/modules/NAME/VERSION/files/FILE      an agent bundle's bytes (verified against its SHA-256 first); 404
 *                                                 unless that module, in that version, targets the agent's server
 * </pre>
 * A bundle's {@code url} is the path of the second endpoint on the labd the agent speaks to.
 */
@Component(service = RestEndpoint.class)
@Path("/agent/modules")
public class AgentModuleResource implements RestEndpoint {

    private final ModuleService modules;

    @Activate
    public AgentModuleResource(@Reference ModuleService modules) {
        this.modules = modules;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Permit(Permit.Who.AGENT)
    public Map<String, Object> desired(@Context HttpServletRequest request) {
        ModuleService.Desired desired = modules.desired(server(request), true);
        List<Map<String, Object>> list = new ArrayList<>();
        for (ModuleCatalog.Version version : desired.modules()) {
            String name = version.descriptor().name();
            String number = version.descriptor().version().toString();
            List<Map<String, Object>> bundles = new ArrayList<>();
            for (ModuleCatalog.File bundle : version.agentBundles()) {
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("file", bundle.name());
                file.put("sha256", bundle.sha256());
                file.put("size", bundle.size());
                file.put("url", "/api/v1/agent/modules/" + name + "/" + number + "/files/" + bundle.name());
                bundles.add(file);
            }
            Map<String, Object> module = new LinkedHashMap<>();
            module.put("name", name);
            module.put("version", number);
            module.put("parameters", version.parameters());
            module.put("bundles", bundles);
            list.add(module);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("generation", desired.generation());
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("role", desired.server().role());
        server.put("labels", desired.server().labels());
        answer.put("server", server);
        answer.put("modules", list);
        return answer;
    }

    @GET
    @Path("/{name}/{version}/files/{file}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Permit(Permit.Who.AGENT)
    public Response file(@PathParam("name") String name, @PathParam("version") String version, @PathParam("file") String file,
                         @Context HttpServletRequest request) {
        byte[] bytes = modules.agentFile(server(request), name, version, file);
        return Response.ok(bytes, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    private static String server(HttpServletRequest request) {
        return Caller.of(request.getAttribute(Caller.ATTRIBUTE)).name();
    }
}
