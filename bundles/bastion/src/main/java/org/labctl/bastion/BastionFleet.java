package org.labctl.bastion;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a bastion needs from labd: its environment, the join token each kickstart carries, and the
 * removal of a reprovisioned machine's old server. labd's provision bundle provides it; a bastion
 * starts only once there is one.
 */
@ConsumerType
public interface BastionFleet {

    /** The bastion serves this environment of cloud {@code baremetal}: labd creates it when it is not there. */
    void serving(String environment);

    /**
     * A machine is about to be assigned {@code hostname}. Refuses (Conflict) a hostname that
     * another enrolled server has; on a reprovision, {@code previous} is the name the machine was
     * installed under, whose server is deleted and its agent certificate revoked.
     *
     * @param previous the installed machine's server name on a reprovision, else null
     */
    void assigning(String environment, String hostname, String previous, String by);

    /**
     * A one-time join token bound to the machine's MAC address, placing the server in the
     * environment with label {@code role}, valid for a few hours.
     *
     * @throws IOException when labd cannot issue one now (its database is down): the kickstart is not served
     */
    String joinToken(String environment, String mac, String hostname, String role) throws IOException;
}
