package org.labctl.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * A request body the JSON provider could not read into the endpoint's type: the client's mistake
 * (400), as opposed to a JSON failure while labd writes its answer (its own, 500).
 */
public final class UnreadableBody extends IOException {
    private static final long serialVersionUID = 1L;

    public UnreadableBody(JsonProcessingException cause) {
        super(cause.getOriginalMessage(), cause);
    }

    public JsonProcessingException json() {
        return (JsonProcessingException) getCause();
    }
}
