package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;
import org.labctl.api.CreateRoleRequest;
import org.labctl.api.CreateTokenRequest;
import org.labctl.api.InvalidArgument;

/** How labd reads JSON bodies: the bounds, duplicate keys, trailing data, and the body budget. */
class JsonBodiesTest {

    private final ObjectMapper mapper = RestServer.mapper();

    private <T> JsonProcessingException refused(String json, Class<T> type) {
        return assertThrows(JsonProcessingException.class, () -> mapper.readValue(json, type), json);
    }

    @Test
    void refusesDeepNestingDuplicateKeysAndTrailingData() {
        String deep = "[".repeat(JsonBodies.MAX_DEPTH + 1) + "]".repeat(JsonBodies.MAX_DEPTH + 1);
        assertTrue(refused(deep, Object.class).getOriginalMessage().contains("nesting depth"));
        assertTrue(refused("{\"name\":\"a\",\"name\":\"b\"}", CreateRoleRequest.class).getOriginalMessage()
                .contains("Duplicate field 'name'"));
        refused("{\"name\":\"a\"} {}", CreateRoleRequest.class);
        refused("{\"name\":\"" + "x".repeat(JsonBodies.MAX_STRING_LENGTH + 1) + "\"}", CreateRoleRequest.class);
    }

    @Test
    void aBodysOwnLimitsSurfaceAsTheInvalidArgumentTheyAre() {
        StringBuilder labels = new StringBuilder("{\"labels\":{");
        for (int i = 0; i < 65; i++) {
            labels.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        JsonProcessingException refused = refused(labels.append("}}").toString(), CreateTokenRequest.class);
        assertInstanceOf(InvalidArgument.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("at most 64"), refused.getCause().getMessage());
    }

    private static ServletInputStream servlet(InputStream in) {
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
    }

    @Test
    void theBudgetStopsABodyAsSoonAsItGrowsPastTheLimitAndCanOnlyBeLowered() throws IOException {
        BodyBudget budget = new BodyBudget(100);
        budget.lower(1000);
        assertEquals(100, budget.limit());
        budget.lower(10);
        ServletInputStream body = budget.wrap(servlet(new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(10, body.readAllBytes().length);

        ServletInputStream larger = new BodyBudget(10).wrap(servlet(new ByteArrayInputStream(new byte[1_000_000])));
        BodyTooLarge tooLarge = assertThrows(BodyTooLarge.class, larger::readAllBytes);
        assertEquals(10, tooLarge.limit());
    }
}
