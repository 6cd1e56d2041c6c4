package org.labctl.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import org.labctl.api.InvalidArgument;

/**
 * The REST API's JSON provider. Request bodies are read within fixed bounds (no labd body comes
 * near them), so that no body makes labd build a deep stack or a large value before it is
 * refused; a method that takes a body gets one (an empty body or a bare {@code null} is refused).
 */
final class JsonBodies extends JacksonJsonProvider {

    /** Deepest nesting of objects and arrays in a body. */
    static final int MAX_DEPTH = 32;
    /** Longest string value, in characters. */
    static final int MAX_STRING_LENGTH = 256 * 1024;
    /** Longest property name, in characters. */
    static final int MAX_NAME_LENGTH = 1024;
    /** Longest number, in characters. */
    static final int MAX_NUMBER_LENGTH = 64;

    JsonBodies(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        Object value;
        try {
            value = super.readFrom(type, genericType, annotations, mediaType, headers, body);
        } catch (JsonProcessingException unreadable) {
            throw new UnreadableBody(unreadable);
        }
        if (value == null) {
            throw new InvalidArgument("this request needs a JSON body (labctl sends one)");
        }
        return value;
    }
}
