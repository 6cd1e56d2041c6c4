package org.labctl.core.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.HealthInfo;
import org.labctl.core.Permit;
import org.labctl.core.RestEndpoint;
import org.labctl.core.internal.HealthService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/v1/health}: 200 when labd is healthy, 503 with the same body when it is degraded. */
@Component(service = RestEndpoint.class)
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource implements RestEndpoint {

    private final HealthService health;

    @Activate
    public HealthResource(@Reference HealthService health) {
        this.health = health;
    }

    @GET
    @Permit(Permit.Who.ANY_USER)
    public Response health() {
        HealthInfo info = health.health();
        return Response.status(info.healthy() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(info).build();
    }
}
