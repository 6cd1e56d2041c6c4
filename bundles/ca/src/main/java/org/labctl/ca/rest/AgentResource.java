package org.labctl.ca.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.labctl.api.Caller;
import org.labctl.api.RenewRequest;
import org.labctl.api.RenewedCertificate;
import org.labctl.ca.internal.EnrollmentService;
import org.labctl.core.Permit;
import org.labctl.core.RestEndpoint;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /api/v1/agent/renew}: an enrolled agent renews its certificate over that certificate
 * (agent certificates reach only {@code /agent} and {@code /api/v1/agent/*}).
 */
@Component(service = RestEndpoint.class)
@Path("/agent")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentResource implements RestEndpoint {

    private final EnrollmentService enrollment;

    @Activate
    public AgentResource(@Reference EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    @POST
    @Permit(Permit.Who.AGENT)
    @Path("/renew")
    public RenewedCertificate renew(@Context HttpServletRequest http, RenewRequest body) {
        return enrollment.renew(http.getAttribute(Caller.ATTRIBUTE), body);
    }
}
