package org.labctl.core.rest;

import java.util.UUID;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;
import org.labctl.api.ErrorBody;
import org.labctl.api.LabException;
import org.labctl.core.RestEndpoint;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: a JSON {@link ErrorBody} with the status of
 * the typed error. Unexpected failures are logged with an id and answered without their detail,
 * so that nothing internal (or secret) leaks to the client.
 */
@Component(service = RestEndpoint.class)
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable>, RestEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof LabException lab) {
            return answer(lab.status(), lab.code(), lab.getMessage());
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return answer(status, codeOf(status), messageOf(status, web));
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected failure, incident {}", incident, failure);
        return answer(500, "internal", "labd failed unexpectedly; the labd log has the detail under incident " + incident);
    }

    static Response answer(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status, code, message)).build();
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "invalid_argument";
            case 401 -> "unauthenticated";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406, 415 -> "unsupported_media_type";
            case 409 -> "conflict";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "invalid_request";
        };
    }

    private static String messageOf(int status, WebApplicationException web) {
        return switch (status) {
            case 404 -> "no such API path; see labctl --help for what labd offers";
            case 405 -> "this API path does not accept that HTTP method";
            case 406, 415 -> "labd speaks application/json";
            default -> web.getMessage() == null ? "request failed" : web.getMessage();
        };
    }
}
