package org.labctl.core.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.labctl.api.VersionInfo;
import org.labctl.core.Permit;
import org.labctl.core.RestEndpoint;
import org.labctl.core.internal.HealthService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/v1/version}. */
@Component(service = RestEndpoint.class)
@Path("/version")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource implements RestEndpoint {

    private final HealthService health;

    @Activate
    public VersionResource(@Reference HealthService health) {
        this.health = health;
    }

    @GET
    @Permit(Permit.Who.ANY_USER)
    public VersionInfo version() {
        return health.version();
    }
}
