package org.labctl.ca.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.EnrollRequest;
import org.labctl.ca.internal.EnrollmentService;
import org.labctl.core.AuditLog;
import org.labctl.core.BodyLimit;
import org.labctl.core.Permit;
import org.labctl.core.RestEndpoint;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /api/v1/enroll}: the only endpoint reached without a client certificate (the client
 * certificate filter lets exactly this path through); the join token authenticates the agent. Its
 * body is small, and read only once labd admitted the request among the few without a client
 * certificate it serves at once (see the core's request limits).
 */
@Component(service = RestEndpoint.class)
@Path("/enroll")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnrollResource implements RestEndpoint {

    /** A join token, a CSR and a few names: far less than this. */
    static final int MAX_BODY = 32 * 1024;

    private final EnrollmentService enrollment;

    @Activate
    public EnrollResource(@Reference EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    @POST
    @BodyLimit(EnrollResource.MAX_BODY)
    @Permit(Permit.Who.JOIN_TOKEN)
    public Response enroll(EnrollRequest body, @Context HttpServletRequest http) {
        EnrollmentService.tokenId(body).ifPresent(id -> http.setAttribute(AuditLog.ACTOR, "token:" + id));
        return Response.status(Response.Status.CREATED).entity(enrollment.enroll(body, http.getRemoteAddr())).build();
    }
}
