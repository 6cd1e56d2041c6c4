package org.labctl.core.internal;

import java.lang.reflect.Method;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
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
import org.labctl.core.Access;
import org.labctl.core.Authorizer;
import org.labctl.core.Permit;
import org.labctl.core.Placement;
import org.labctl.core.Requires;
import org.labctl.core.ServerVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate of the REST API. Before a resource method runs it finds the method's declaration
 * ({@link Requires} or {@link Permit}; none means refused), builds the request's address
 * {@code action:cloud:environment:name}, and asks the {@link Authorizer}; after it, it writes the
 * request's audit row (allowed, denied or error) before the answer leaves, so a row exists for
 * every request a client saw answered.
 */
@Priority(Priorities.AUTHORIZATION)
final class AccessFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String REQUEST_ID = "X-Request-Id";
    static final String SESSION = "X-Labctl-Session";
    private static final String HEALTH = "/api/v1/health";
    private static final String SCOPE = AccessFilter.class.getName() + ".scope";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final AtomicReference<Authorizer> authorizer;
    private final AuditService audit;
    private final ServerPlacement placement;

    @Context
    private ResourceInfo resource;

    @Context
    private HttpServletRequest http;

    AccessFilter(AtomicReference<Authorizer> authorizer, AuditService audit, ServerPlacement placement) {
        this.authorizer = authorizer;
        this.audit = audit;
        this.placement = placement;
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
                    session != null && SESSION_ID.matcher(session).matches() ? session : null);
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
            deny(request, 403, "permission_denied", "this endpoint declares no permission, so labd refuses it (deny by default)");
            return;
        }
        if (permit != null) {
            switch (permit.value()) {
                case JOIN_TOKEN -> { }
                case AGENT -> {
                    if (caller == null || caller.kind() != Caller.Kind.AGENT) {
                        deny(request, 403, "permission_denied", "only lab-agents reach this endpoint, with their certificate");
                    }
                }
                case ANY_USER -> requireUser(request, caller);
            }
            return;
        }
        if (!requireUser(request, caller)) {
            return;
        }
        Authorizer current = authorizer.get();
        if (current == null) {
            deny(request, 503, "unavailable", "authorization is not available yet (labd's rbac bundle is not running): try again shortly");
            return;
        }
        Access access = current.access(caller);
        http.setAttribute(Access.ATTRIBUTE, access);
        if (scope != null) {
            scope.action = requires.action();
        }
        if (requires.on() == Requires.On.SERVER) {
            checkServer(request, scope, access, requires);
            return;
        }
        String[] address = address(requires, request);
        if (address == null) {
            return; // a listing: the resource shows only what access allows
        }
        String printed = requires.action() + ":" + String.join(":", address);
        if (scope != null) {
            scope.resource = String.join(":", address);
        }
        Access.Verdict verdict = access.check(requires.action(), address[0], address[1], address[2]);
        if (!verdict.allowed()) {
            if (scope != null && verdict.reason() != null) {
                scope.details = "{\"reason\":" + quote(verdict.reason()) + "}";
            }
            deny(request, 403, "permission_denied", "permission denied: "
                    + (verdict.reason() == null ? "this needs " + printed : verdict.reason()));
        }
    }

    private String[] address(Requires requires, ContainerRequestContext request) {
        var path = request.getUriInfo().getPathParameters();
        return switch (requires.on()) {
            case LIST -> null;
            case GLOBAL -> new String[] {"*", "*", requires.value()};
            case ENVIRONMENT -> new String[] {requires.cloud().isEmpty() ? path.getFirst("cloud") : requires.cloud(),
                    path.getFirst(requires.value()), "*"};
            case SERVER -> throw new IllegalStateException("servers are checked by checkServer");
        };
    }

    /** A request on one server: {@link Access#server} decides, so that unknown and hidden servers answer alike. */
    private void checkServer(ContainerRequestContext request, AuditScope scope, Access access, Requires requires) {
        String name = request.getUriInfo().getPathParameters().getFirst(requires.value());
        Placement where = name == null ? null : placement.of(name);
        if (scope != null) {
            // the audit log, which only its readers see, keeps the real address
            scope.resource = where == null ? "*:*:" + name : where.cloud() + ":" + where.environment() + ":" + name;
        }
        ServerVerdict verdict = access.server(requires.action(), where, name, false);
        if (verdict.allowed()) {
            return;
        }
        if (scope != null) {
            scope.details = "{\"reason\":" + quote(verdict.reason()) + "}";
        }
        if (verdict.status() == 404) {
            deny(request, 404, "not_found", verdict.reason());
        } else {
            deny(request, 403, "permission_denied", "permission denied: " + verdict.reason());
        }
    }

    private boolean requireUser(ContainerRequestContext request, Caller caller) {
        if (caller == null) {
            deny(request, 401, "unauthenticated", "a client certificate from labd's CA is required");
            return false;
        }
        if (caller.kind() != Caller.Kind.USER) {
            deny(request, 403, "permission_denied", "an agent certificate reaches only the agent endpoints");
            return false;
        }
        return true;
    }

    private static void deny(ContainerRequestContext request, int status, String code, String message) {
        request.abortWith(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(status, code, message))
                .build());
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
            response.setStatus(503);
            response.setEntity(new ErrorBody(503, "unavailable", "labd cannot write its audit log right now: try again"),
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
