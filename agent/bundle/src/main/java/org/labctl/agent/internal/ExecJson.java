package org.labctl.agent.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.labctl.api.ExecFrame;

/**
 * Exec control frames as JSON text: fields that do not apply (null) are left out, and fields this
 * agent does not know yet are ignored, as {@link org.labctl.api.ExecProtocol} asks of receivers.
 */
final class ExecJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ExecJson() {
    }

    static String write(ExecFrame frame) {
        try {
            return JSON.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write exec frame " + frame.type(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not a JSON object of an exec frame
     */
    static ExecFrame read(String text) {
        try {
            ExecFrame frame = JSON.readValue(text, ExecFrame.class);
            if (frame == null || frame.type() == null) {
                throw new IllegalArgumentException("an exec control frame needs a type");
            }
            return frame;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an exec control frame: " + e.getOriginalMessage(), e);
        }
    }
}
