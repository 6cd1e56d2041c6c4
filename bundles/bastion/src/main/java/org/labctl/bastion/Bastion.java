package org.labctl.bastion;

import java.util.List;
import org.labctl.api.BastionInfo;
import org.labctl.api.BastionLog;
import org.labctl.api.MachineInfo;
import org.labctl.api.ProvisionRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A running bastion: PXE provisioning of the machines of one environment under cloud
 * {@code baremetal}. labd registers one per configuration of {@code org.labctl.bastion}; its REST
 * resource finds the bastion of a request's environment among them.
 *
 * <p>Refusals are {@link org.labctl.api.LabException}s: InvalidArgument for bad input, NotFound
 * for an unknown MAC, Conflict for a machine not in a state for the change.
 */
@ProviderType
public interface Bastion {

    /** The environment it owns. */
    String environment();

    /** Where it listens and how many machines it knows. */
    BastionInfo info();

    /** Every machine it knows, by MAC address. */
    List<MachineInfo> machines();

    /**
     * Assigns a machine for installation at its next network boot: a fresh install, or a
     * reprovision that keeps its data volumes and revokes the certificate of the agent installed
     * before (the new installation enrolls afresh).
     *
     * @param by who asked, for the bastion's log
     */
    MachineInfo provision(String mac, ProvisionRequest request, String by);

    /** Forgets a machine: its next network boot is treated as a new machine's. */
    MachineInfo forget(String mac, String by);

    /** The last {@code lines} lines of its log (all when negative), only those about {@code mac} when it is not null. */
    List<String> events(String mac, int lines);

    /** Where its log ends now: the offset a follower starts at. */
    long eventsEnd();

    /** Adds the lines written after {@code offset} (about {@code mac} when not null); returns the offset to go on from. */
    long events(long offset, String mac, List<String> into);

    /**
     * Its log as {@code labctl logs bastion} reads it: with {@code after}, the lines written since an
     * earlier answer's {@code next}; else the last {@code lines} lines (all when null), with the
     * offset to follow from.
     *
     * @throws org.labctl.api.InvalidArgument when lines or after is negative
     */
    default BastionLog log(String mac, Integer lines, Long after) {
        if (lines != null && lines < 0 || after != null && after < 0) {
            throw new org.labctl.api.InvalidArgument("lines and after are 0 or more (after: an earlier answer's next)");
        }
        if (after != null) {
            List<String> into = new java.util.ArrayList<>();
            long next = events(after, mac, into);
            return new BastionLog(into, next);
        }
        long end = eventsEnd();
        return new BastionLog(events(mac, lines == null ? -1 : lines), end);
    }
}
