package org.labctl.core.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.UUID;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;
import org.labctl.api.ErrorBody;
import org.labctl.api.Failure;
import org.labctl.api.LabException;
import org.labctl.core.RestEndpoint;
import org.labctl.core.internal.BodyTooLarge;
import org.labctl.core.internal.UnreadableBody;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: a JSON {@link ErrorBody} with the status of
 * the typed error. A body labd cannot take is the client's mistake, answered with a one-line
 * reason and never logged with a stack trace: 413 when it is too large, 400 when it is not JSON
 * the endpoint takes (malformed, too deep, a duplicate key, a value of the wrong type, one the
 * body's type refuses); a connection that fails under a request (a client gone) gets a bare 400
 * and a line in the debug log. Unexpected failures are logged with an id and answered
 * without their detail, so that nothing internal (or secret) leaks to the client.
 */
@Component(service = RestEndpoint.class)
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable>, RestEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile org.labctl.core.Gate gate;

    @javax.ws.rs.core.Context
    private javax.ws.rs.core.UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        BodyTooLarge tooLarge = cause(failure, BodyTooLarge.class);
        if (tooLarge != null) {
            // the rest of the body stays unread: the connection closes after the answer
            return Response.fromResponse(answer(Failure.PAYLOAD_TOO_LARGE, tooLarge.getMessage())).header("Connection", "close").build();
        }
        LabException lab = cause(failure, LabException.class);
        if (lab != null) {
            // also when a body's constructor refused a value while the JSON provider read it
            return answer(lab.failure(), lab.getMessage());
        }
        UnreadableBody unreadable = cause(failure, UnreadableBody.class);
        if (unreadable != null) {
            LOG.debug("Refused a request body: {}", oneLine(unreadable.json().getOriginalMessage()));
            return answer(Failure.INVALID_ARGUMENT, "the request body is not JSON this endpoint takes: " + reason(unreadable.json()));
        }
        IOException connection = cause(failure, IOException.class);
        if (connection != null && !(connection instanceof JsonProcessingException)) {
            // no resource throws one: the request's connection failed, mostly a client that went
            // away (a body that ends early, an answer it no longer reads); nobody reads an answer.
            // (A JSON failure while labd writes its answer is labd's own: 500 below.)
            LOG.debug("A request's connection failed: {}", connection.toString());
            return Response.status(Failure.INVALID_ARGUMENT.status()).header("Connection", "close").build();
        }
        if (failure instanceof WebApplicationException web) {
            // JAX-RS's own refusals (no such path, method, media type) keep their status
            int status = web.getResponse().getStatus();
            String gone = status == 404 ? uninstalledKind() : null;
            if (gone != null) {
                return answer(Failure.UNAVAILABLE, "'" + gone + "' is not installed in this labd any more: its bundle was stopped "
                        + "or its feature uninstalled (an operator brings it back with feature:install in labd's shell)");
            }
            return answer(status, Failure.of(status), messageOf(status, web));
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected failure, incident {}", incident, failure);
        return answer(Failure.INTERNAL, "labd failed unexpectedly; the labd log has the detail under incident " + incident);
    }

    /**
     * The kind a path that matched no resource belongs to when that kind was installed and went
     * away ({@code /api/v1/bastions/...} while the bastion kind is uninstalled), else null.
     */
    private String uninstalledKind() {
        org.labctl.core.Gate current = gate;
        if (current == null || uri == null) {
            return null;
        }
        try {
            String path = uri.getPath(false).replaceFirst("^/+", "");
            String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
            for (String kind : new String[] {first, first.endsWith("s") ? first.substring(0, first.length() - 1) : first}) {
                if (!kind.isEmpty() && current.uninstalled(kind)) {
                    return kind;
                }
            }
        } catch (RuntimeException outsideARequest) {
            LOG.debug("no request path for a 404: {}", outsideARequest.toString());
        }
        return null;
    }

    /** The first of {@code failure} and its causes that is a {@code type}, or null. */
    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Jackson's reason in one line of bounded length, with where in the body it arose (never the body itself). */
    static String reason(JsonProcessingException json) {
        String where = "";
        if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
                } else if (step.getIndex() >= 0) {
                    path.append('[').append(step.getIndex()).append(']');
                }
            }
            where = path.length() == 0 ? "" : " (at " + shorten(path.toString(), 100) + ")";
        }
        JsonLocation location = json.getLocation();
        String at = location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return shorten(oneLine(json.getOriginalMessage()), 300) + where + at;
    }

    private static String oneLine(String text) {
        return text == null ? "unreadable" : text.replaceAll("\\s+", " ").trim();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    /** The answer, its message on one line: a message that quotes the client's input escapes its control characters. */
    static Response answer(Failure failure, String message) {
        return answer(failure.status(), failure, message);
    }

    /** {@link #answer(Failure, String)} with another status that stands for {@code failure} (406 for a media type). */
    private static Response answer(int status, Failure failure, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status, failure.code(), escapeControls(message))).build();
    }

    static String escapeControls(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) {
            return message;
        }
        StringBuilder escaped = new StringBuilder(message.length() + 16);
        message.chars().forEach(c -> escaped.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return escaped.toString();
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
