package org.labctl.exec.rest;

import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.labctl.api.ExecTarget;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Labels;
import org.labctl.core.Access;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.exec.internal.ExecService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v1/exec/targets?selector=k=v,k2=v2&environment=&cloud=&action=exec|read}: the
 * servers a fan-out exec (or, with {@code action=read}, a fan-out of logs) would run on, selected by
 * labels, environment or cloud, at least one of them ({@link Labels#selector}). It lists
 * the matching servers the caller may read or exec, each with whether its agent is connected and
 * whether the caller holds {@code action} on it (a denied target is reported, never silently left
 * out); servers the caller may do neither with stay invisible.
 */
@Component(service = RestEndpoint.class)
@Path("/exec/targets")
@Produces(MediaType.APPLICATION_JSON)
public class ExecTargetResource implements RestEndpoint {

    private final ExecService exec;

    @Activate
    public ExecTargetResource(@Reference ExecService exec) {
        this.exec = exec;
    }

    @GET
    @Requires(action = "exec", kind = "server", list = true)
    public List<ExecTarget> targets(@QueryParam("selector") String selector, @QueryParam("environment") String environment,
                                    @QueryParam("cloud") String cloud, @QueryParam("action") String action,
                                    @Context HttpServletRequest request) {
        String wanted = action == null || action.isBlank() ? "exec" : action.trim();
        if (!wanted.equals("exec") && !wanted.equals("read")) {
            throw new InvalidArgument("action is exec (a fan-out exec) or read (a fan-out of logs), not '" + wanted + "'");
        }
        Map<String, String> labels = Labels.selector(selector);
        if (labels.isEmpty() && blank(environment) == null && blank(cloud) == null) {
            throw new InvalidArgument("a fan-out needs a selection of servers: a label selector (selector=role=web,rack=r1), "
                    + "an environment or a cloud; every server at once is not a fan-out labd runs");
        }
        return exec.targets(Access.of(request.getAttribute(Access.ATTRIBUTE)), wanted, blank(cloud), blank(environment), labels);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
