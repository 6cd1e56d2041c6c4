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
 * servers a fan-out exec (or, with {@code action=read}, a fan-out of logs) would run on. It lists
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
    @Requires(action = "exec", on = Requires.On.LIST)
    public List<ExecTarget> targets(@QueryParam("selector") String selector, @QueryParam("environment") String environment,
                                    @QueryParam("cloud") String cloud, @QueryParam("action") String action,
                                    @Context HttpServletRequest request) {
        String wanted = action == null || action.isBlank() ? "exec" : action.trim();
        if (!wanted.equals("exec") && !wanted.equals("read")) {
            throw new InvalidArgument("action is exec (a fan-out exec) or read (a fan-out of logs), not '" + wanted + "'");
        }
        Map<String, String> labels = selector(selector);
        if (labels.isEmpty()) {
            throw new InvalidArgument("a fan-out needs a label selector such as -l role=web (key=value[,key2=value2])");
        }
        return exec.targets(Access.of(request.getAttribute(Access.ATTRIBUTE)), wanted, blank(cloud), blank(environment), labels);
    }

    /** {@code k=v,k2=v2} as labels, validated like labels. */
    static Map<String, String> selector(String selector) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (selector == null || selector.isBlank()) {
            return labels;
        }
        for (String pair : selector.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidArgument("label selector '" + pair.trim() + "' is not key=value (for example -l role=web,env=lab)");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return Labels.validate(labels);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
