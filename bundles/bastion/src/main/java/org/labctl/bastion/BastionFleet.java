package org.labctl.bastion;

import java.io.IOException;
import org.labctl.api.BastionAssigned;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a bastion needs from labd: its environment, the join token each kickstart carries, the
 * removal of a reprovisioned machine's old server, and the revocation of kickstart tokens a change
 * made useless. labd's provision bundle provides it; a bastion starts only once there is one.
 *
 * <p>A bastion's fleet touches only servers and tokens of its own environment ({@code baremetal/ENV}).
 */
@ConsumerType
public interface BastionFleet {

    /** The bastion serves this environment of cloud {@code baremetal}: labd creates it when it is not there. */
    void serving(String environment);

    /**
     * A machine is about to be assigned {@code hostname}. Refuses (Conflict) a hostname that a server
     * outside {@code baremetal/ENV} has, or another server of ENV than {@code previous}; revokes the
     * machine's kickstart tokens that were never used; on a reprovision, deletes server {@code previous}
     * when it is one of ENV, which revokes its agent certificate. A server of that name elsewhere is
     * never touched.
     *
     * @param mac      the machine's MAC address
     * @param previous the installed machine's server name on a reprovision, else null
     * @return what was done, for the bastion's log
     */
    BastionAssigned assigning(String environment, String mac, String hostname, String previous, String by);

    /**
     * A machine is forgotten: its kickstart tokens that were never used are revoked.
     *
     * @return how many were revoked
     */
    int forgetting(String environment, String mac, String by);

    /**
     * A one-time join token bound to the machine's MAC address and to the network address its
     * enrollment must come from, placing the server in the environment with label {@code role},
     * valid for a few hours.
     *
     * @param address an IP address, or a CIDR block (such as {@code 192.0.2.0/24}), that labd must
     *                see the enrollment come from
     * @throws IOException when labd cannot issue one now (its database is down): the kickstart is not served
     */
    String joinToken(String environment, String mac, String address, String hostname, String role) throws IOException;
}
