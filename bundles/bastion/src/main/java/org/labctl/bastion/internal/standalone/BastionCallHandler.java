package org.labctl.bastion.internal.standalone;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.labctl.api.BastionCall;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;
import org.labctl.bastion.Bastion;

/**
 * {@code bastion} sessions in the standalone bastion's runtime: labd's calls to this bastion
 * ({@code labctl provision --env ENV}, {@code labctl logs bastion/ENV}), through the lab-agent
 * beside it. {@link StandaloneBastion} registers it with the bastion it runs; a plain agent has no
 * handler of this kind and refuses the call.
 */
final class BastionCallHandler implements SessionHandler {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Bastion bastion;

    BastionCallHandler(Bastion bastion) {
        this.bastion = bastion;
    }

    @Override
    public String kind() {
        return BastionCall.KIND;
    }

    @Override
    public AgentSession open(UUID session, Map<String, Object> payload, Outbound out) {
        BastionCall call = JSON.convertValue(payload, BastionCall.class);
        if (call == null) {
            throw new IllegalArgumentException("a bastion call is info, machines, provision, forget or log, not null");
        }
        return new BastionCallSession(session, call, bastion, out);
    }
}
