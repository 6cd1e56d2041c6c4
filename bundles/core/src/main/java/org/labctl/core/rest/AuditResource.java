package org.labctl.core.rest;

import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.labctl.api.AuditQuery;
import org.labctl.api.AuditRecord;
import org.labctl.core.AuditLog;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v1/audit[?user=&action=&result=&session=&since=&until=&limit=]}: the audit log,
 * oldest first (the newest {@code limit} rows). Read only: no API changes or deletes a row.
 */
@Component(service = RestEndpoint.class)
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource implements RestEndpoint {

    private final AuditLog audit;

    @Activate
    public AuditResource(@Reference AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Requires(action = "read", kind = "audit")
    public List<AuditRecord> query(@QueryParam("user") String user, @QueryParam("action") String action,
                                   @QueryParam("result") String result, @QueryParam("session") String session,
                                   @QueryParam("since") String since, @QueryParam("until") String until,
                                   @QueryParam("limit") Integer limit) {
        return audit.query(new AuditQuery(user, action, result, session, since, until, limit));
    }
}
