package org.labctl.provision.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.labctl.api.BastionCall;
import org.labctl.api.Caller;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Gate;
import org.labctl.exec.SessionKind;
import org.osgi.service.component.annotations.Component;

/**
 * {@code bastion}: a call to the standalone bastion running on a server ({@link BastionCall}),
 * answered by the bastion bundle's handler in that server's runtime. A bastion's machines are its
 * environment's, so the call needs its action ({@code manage} to change, {@code read} to look) on
 * the whole environment; labd sets who asks, from the caller's certificate.
 */
@Component(service = SessionKind.class, property = SessionKind.PROPERTY + "=" + BastionCall.KIND)
public final class BastionCallKind implements SessionKind {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public String name() {
        return BastionCall.KIND;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Plan plan(Caller caller, String server, Map<String, Object> payload) {
        BastionCall call;
        try {
            call = JSON.convertValue(payload, BastionCall.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("not a bastion call: " + e.getMessage());
        }
        if (call == null) {
            throw new InvalidArgument("a bastion call is info, machines, provision, forget or log, not null");
        }
        try {
            call.check();
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(e.getMessage());
        }
        BastionCall asked = call.by(caller.name());
        return new Plan(new Gate.Request("server", call.action(), server, true), "BASTION",
                call.describe() + " (bastion on server/" + server + ")", call.describe() + " on the bastion of server/" + server,
                Map.of("bastion", JSON.convertValue(asked, Map.class)), JSON.convertValue(asked, Map.class));
    }
}
