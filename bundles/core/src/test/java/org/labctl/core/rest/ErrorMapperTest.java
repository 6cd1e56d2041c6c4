package org.labctl.core.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import javax.ws.rs.core.Response;
import org.apache.cxf.interceptor.Fault;
import org.junit.jupiter.api.Test;
import org.labctl.api.CreateRoleRequest;
import org.labctl.api.ErrorBody;
import org.labctl.core.internal.BodyTooLarge;
import org.labctl.core.internal.UnreadableBody;

/** What a body labd cannot take is answered with: never 500. */
class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper();

    /** What labd's JSON provider throws for a body it cannot read. */
    private static UnreadableBody refused(String json) {
        return new UnreadableBody(assertThrows(JsonProcessingException.class,
                () -> new ObjectMapper().readValue(json, CreateRoleRequest.class)));
    }

    private ErrorBody answer(Throwable failure, int status) {
        Response response = mapper.toResponse(failure);
        assertEquals(status, response.getStatus(), failure.toString());
        ErrorBody body = (ErrorBody) response.getEntity();
        assertFalse(body.message().contains("\n"), body.message());
        return body;
    }

    @Test
    void malformedJsonIs400WithAOneLineReasonThatSaysWhere() {
        ErrorBody truncated = answer(refused("{\"name\":"), 400);
        assertEquals("invalid_argument", truncated.error());
        ErrorBody wrongType = answer(new Fault(refused("{\"allows\":{\"a\":1}}")), 400);
        assertTrue(wrongType.message().contains("(at allows)"), wrongType.message());
    }

    @Test
    void aRefusalOfTheBodysOwnTypeKeepsItsStatusAndMessage() {
        String many = "{\"allows\":[" + String.join(",", java.util.Collections.nCopies(129, "\"read:*:*:x\"")) + "]}";
        ErrorBody body = answer(refused(many), 400);
        assertTrue(body.message().contains("at most 128"), body.message());
    }

    @Test
    void aJsonFailureWhileLabdWritesItsAnswerIsItsOwn500() {
        answer(new com.fasterxml.jackson.databind.JsonMappingException(null, "cannot serialize"), 500);
    }

    @Test
    void aMessageQuotingTheClientsInputStaysOnOneLine() {
        ErrorBody body = answer(new org.labctl.api.InvalidArgument("role name 'fuzz\name' is not valid"), 400);
        assertEquals("role name 'fuzz\\u000aame' is not valid", body.message());
    }

    @Test
    void anOversizedBodyIs413AndClosesTheConnection() {
        Response response = mapper.toResponse(new Fault(new BodyTooLarge(1024)));
        assertEquals(413, response.getStatus());
        assertEquals("close", response.getHeaderString("Connection"));
        assertEquals("payload_too_large", ((ErrorBody) response.getEntity()).error());
    }

    @Test
    void aConnectionThatFailsUnderARequestIsABare400() {
        for (Throwable failure : new Throwable[] {new EOFException("Early EOF"), new Fault(new java.io.IOException("Broken pipe"))}) {
            Response response = mapper.toResponse(failure);
            assertEquals(400, response.getStatus(), failure.toString());
            assertEquals("close", response.getHeaderString("Connection"));
            assertEquals(null, response.getEntity());
        }
    }
}
