package org.labctl.core.internal;

import java.lang.reflect.Method;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.ErrorBody;
import org.labctl.core.BodyLimit;

/**
 * Holds each REST method to the body its {@link BodyLimit} declares, once the request is
 * authorized and before its body is read: a larger declared length is answered 413 here, and the
 * body's budget (see {@link RequestLimits}) is lowered so that a chunked body fails as it grows.
 */
@Priority(Priorities.AUTHORIZATION + 100)
final class BodyLimitFilter implements ContainerRequestFilter {

    @Context
    private ResourceInfo resource;

    @Context
    private HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        BodyLimit declared = declared(resource.getResourceMethod(), resource.getResourceClass());
        if (!(http.getAttribute(BodyBudget.ATTRIBUTE) instanceof BodyBudget budget)) {
            return; // a request without a body
        }
        budget.lower(declared != null ? declared.value() : budget.standard());
        if (request.getLength() > budget.limit()) {
            request.abortWith(tooLarge(budget.limit()));
        }
    }

    private static BodyLimit declared(Method method, Class<?> type) {
        BodyLimit onMethod = method == null ? null : method.getAnnotation(BodyLimit.class);
        return onMethod != null || type == null ? onMethod : type.getAnnotation(BodyLimit.class);
    }

    /** 413, and the connection closes after it: nobody reads the rest of the body. */
    static Response tooLarge(long limit) {
        return Response.status(413).header("Connection", "close").type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(413, "payload_too_large", BodyTooLarge.message(limit))).build();
    }
}
