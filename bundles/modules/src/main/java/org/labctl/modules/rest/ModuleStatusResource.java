package org.labctl.modules.rest;

import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.labctl.api.ModuleServerState;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.modules.internal.ModuleService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v1/module-status}: every module on every server the caller may read, as the agents reported them
 * (labctl modules status, and the MODULES column of labctl get servers); {@code read:*:*:modules}.
 */
@Component(service = RestEndpoint.class)
@Path("/module-status")
@Produces(MediaType.APPLICATION_JSON)
public class ModuleStatusResource implements RestEndpoint {

    private final ModuleService modules;

    @Activate
    public ModuleStatusResource(@Reference ModuleService modules) {
        this.modules = modules;
    }

    @GET
    @Requires(action = "read", kind = "module")
    public List<ModuleServerState> status(@Context HttpServletRequest request) {
        return modules.status(null, ModuleResource.access(request));
    }
}
