package org.labctl.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.labctl.api.BastionCall;
import org.labctl.api.LabException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Answers {@link BastionCall}s with the bastion service of this runtime, when it runs one (the
 * standalone runtime, {@code lab-agent bastion}). The bastion's package is an optional import of
 * this bundle: on a plain agent the call is refused as "no bastion here" without loading it.
 */
final class BastionCalls implements BastionCallSession.Bastions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BundleContext context;

    BastionCalls(BundleContext context) {
        this.context = context;
    }

    @Override
    public byte[] apply(BastionCall call) {
        try {
            return Wired.call(context, call);
        } catch (NoClassDefFoundError e) {
            throw new BastionCallSession.Refused("this server runs no bastion", 404);
        }
    }

    /** Touches the bastion's package: loaded only once it is known to be wired. */
    private static final class Wired {

        static byte[] call(BundleContext context, BastionCall call) {
            ServiceReference<org.labctl.bastion.Bastion> reference = context == null ? null
                    : context.getServiceReference(org.labctl.bastion.Bastion.class);
            org.labctl.bastion.Bastion bastion = reference == null ? null : context.getService(reference);
            if (bastion == null) {
                throw new BastionCallSession.Refused("this server runs no bastion", 404);
            }
            try {
                String by = call.by() == null ? "labd" : call.by() + " through labd";
                Object answer = switch (call.op()) {
                    case BastionCall.MACHINES -> bastion.machines();
                    case BastionCall.PROVISION -> bastion.provision(call.mac(), call.provision(), by);
                    case BastionCall.FORGET -> bastion.forget(call.mac(), by);
                    case BastionCall.LOG -> bastion.log(call.mac(), call.lines(), call.after());
                    default -> bastion.info();
                };
                return JSON.writeValueAsBytes(answer);
            } catch (LabException e) {
                throw new BastionCallSession.Refused(e.getMessage(), e.status());
            } catch (JsonProcessingException e) {
                throw new BastionCallSession.Refused("the bastion's answer could not be written: " + e.getOriginalMessage(), 500);
            } finally {
                context.ungetService(reference);
            }
        }
    }
}
