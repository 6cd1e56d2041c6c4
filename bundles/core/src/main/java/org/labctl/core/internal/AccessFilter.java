package org.labctl.core.internal;

import java.lang.reflect.Method;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.Caller;
import org.labctl.api.ErrorBody;
import org.labctl.api.Failure;
import org.labctl.core.Access;
import org.labctl.core.Gate;
import org.labctl.core.Permit;
import org.labctl.core.Requires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's side of the {@link Gate}. Before a resource method runs it finds the method's
 * declaration ({@link Requires} or {@link Permit}; none means refused), asks the gate about the
 * request it declares, puts the gate's real address and reason in the request's audit scope, and
 * answers a refusal with the gate's {@link Failure}; after it, it writes the request's audit row
 * (allowed, denied or error) before the answer leaves, so a row exists for every request a client
 * saw answered.
 */
@Priority(Priorities.AUTHORIZATION)
final class AccessFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String REQUEST_ID = "X-Request-Id";
    static final String SESSION = org.labctl.api.SessionId.HEADER;
    private static final String HEALTH = "/api/v1/health";
    private static final String SCOPE = AccessFilter.class.getName() + ".scope";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Gate gate;
    private final AuditService audit;

    @Context
    private ResourceInfo resource;

    @Context
    private HttpServletRequest http;

    AccessFilter(Gate gate, AuditService audit) {
        this.gate = gate;
        this.audit = audit;
    }

    /** Opens the audit scope of every request, matched or not. */
    @PreMatching
    @Priority(Priorities.AUTHENTICATION)
    static final class Start implements ContainerRequestFilter {
        private final AuditService audit;

        @Context
        private HttpServletRequest http;

        Start(AuditService audit) {
            this.audit = audit;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!audit.enabled()) {
                return;
            }
            String session = request.getHeaderString(SESSION);
            AuditScope scope = new AuditScope(UUID.randomUUID().toString(), request.getMethod(),
                    "/api/v1/" + request.getUriInfo().getPath(false).replaceFirst("^/", ""), http.getRemoteAddr(),
                    org.labctl.api.SessionId.orNull(session));
            Object caller = http.getAttribute(Caller.ATTRIBUTE);
            if (caller instanceof Caller c) {
                scope.user = c.kind() == Caller.Kind.AGENT ? "agent:" + c.name() : c.name();
            }
            HttpServletRequest servlet = http;
            scope.actor = () -> servlet.getAttribute(org.labctl.core.AuditLog.ACTOR) instanceof String who ? who : null;
            request.setProperty(SCOPE, scope);
            AuditScope.enter(scope);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AuditScope scope = (AuditScope) request.getProperty(SCOPE);
        Method method = resource.getResourceMethod();
        Requires requires = method == null ? null : method.getAnnotation(Requires.class);
        Permit permit = method == null ? null : method.getAnnotation(Permit.class);
        Caller caller = http.getAttribute(Caller.ATTRIBUTE) instanceof Caller c ? c : null;
        if (requires == null && permit == null) {
            LOG.error("Refused {} {}: the endpoint declares no permission (@Requires or @Permit)", request.getMethod(),
                    scope == null ? "?" : scope.path);
            deny(request, Failure.PERMISSION_DENIED, "this endpoint declares no permission, so labd refuses it (deny by default)");
            return;
        }
        if (permit != null) {
            switch (permit.value()) {
                case JOIN_TOKEN -> { }
                case AGENT -> {
                    if (caller == null || caller.kind() != Caller.Kind.AGENT) {
                        deny(request, Failure.PERMISSION_DENIED, "only lab-agents reach this endpoint, with their certificate");
                    }
                }
                case ANY_USER -> requireUser(request, caller);
            }
            return;
        }
        var path = request.getUriInfo().getPathParameters();
        Gate.Decision decision = gate.decide(caller, request(requires, path::getFirst));
        if (scope != null) {
            record(scope, requires, decision);
        }
        if (!decision.allowed()) {
            deny(request, decision.failure(), message(decision));
            return;
        }
        Access access = gate.access(caller);
        if (access == null) {
            deny(request, Failure.UNAVAILABLE, "authorization is not available yet (labd's rbac bundle is not running): try again shortly");
            return;
        }
        http.setAttribute(Access.ATTRIBUTE, access);
    }

    /** The gate's request for an endpoint's declaration, its name taken from the path's parameters. */
    static Gate.Request request(Requires requires, UnaryOperator<String> pathParameter) {
        if (requires.list()) {
            return Gate.Request.listing(requires.kind(), requires.action());
        }
        Matcher parameter = PATH_PARAMETER.matcher(requires.name());
        StringBuilder name = new StringBuilder();
        while (parameter.find()) {
            String value = pathParameter.apply(parameter.group(1));
            if (value == null) {
                throw new IllegalStateException("@Requires names the path parameter {" + parameter.group(1) + "}, which the path lacks");
            }
            parameter.appendReplacement(name, Matcher.quoteReplacement(value));
        }
        parameter.appendTail(name);
        return new Gate.Request(requires.kind(), requires.action(), name.toString());
    }

    /** What the request's audit row says of the decision: the real address, and for a refusal why. */
    static void record(AuditScope scope, Requires requires, Gate.Decision decision) {
        if (!decision.allowed() && decision.resource() == null) {
            return; // refused before the resource was looked for: the row names no action or resource
        }
        scope.action = requires.action();
        scope.resource = decision.resource();
        if (!decision.allowed() && decision.reason() != null) {
            scope.details = "{\"reason\":" + quote(decision.reason()) + "}";
        }
    }

    /** The refusal's message: a denial of a resource the gate found says so and why. */
    static String message(Gate.Decision decision) {
        return decision.failure() == Failure.PERMISSION_DENIED && decision.resource() != null
                ? "permission denied: " + decision.reason() : decision.reason();
    }

    private boolean requireUser(ContainerRequestContext request, Caller caller) {
        if (caller == null) {
            deny(request, Failure.UNAUTHENTICATED, "a client certificate from labd's CA is required");
            return false;
        }
        if (caller.kind() != Caller.Kind.USER) {
            deny(request, Failure.PERMISSION_DENIED, "an agent certificate reaches only the agent endpoints");
            return false;
        }
        return true;
    }

    private static void deny(ContainerRequestContext request, Failure failure, String message) {
        request.abortWith(Response.status(failure.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(failure.status(), failure.code(), message)).build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        AuditScope scope = (AuditScope) request.getProperty(SCOPE);
        if (scope == null) {
            return;
        }
        try {
            int status = response.getStatus();
            String result = status < 400 ? "allowed" : status == 401 || status == 403 ? "denied" : "error";
            audit.finish(scope, result, status);
            response.getHeaders().putSingle(REQUEST_ID, scope.requestId);
        } catch (RuntimeException e) {
            if (HEALTH.equals(scope.path)) {
                // health must still say that the database is down; the row goes to labd's log instead
                LOG.warn("Cannot write the audit row of request {} (GET {} by {}, answered {}): {}", scope.requestId, scope.path,
                        scope.user, response.getStatus(), e.toString());
                return;
            }
            // an answer labd cannot account for is not given
            LOG.error("Cannot write the audit row of request {} ({} {}): {}", scope.requestId, scope.method, scope.path, e.toString());
            response.setStatus(Failure.UNAVAILABLE.status());
            response.setEntity(new ErrorBody(Failure.UNAVAILABLE.status(), Failure.UNAVAILABLE.code(),
                            "labd cannot write its audit log right now: try again"),
                    new java.lang.annotation.Annotation[0], MediaType.APPLICATION_JSON_TYPE);
        } finally {
            AuditScope.leave();
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "null";
        }
    }
}
