package org.labctl.bastion.internal.provision;

import java.time.Instant;
import org.labctl.bastion.internal.kickstart.Mode;
import org.labctl.bastion.internal.kickstart.Role;

/**
 * A machine the bastion knows, by MAC address: what {@code labctl provision list} shows.
 *
 * @param mac          lower case with colons
 * @param state        where it is in its provisioning
 * @param hostname     the name it is being or was installed under, null while only discovered
 * @param role         worker or infra, null while only discovered
 * @param mode         install or reprovision, for the last assignment; null while only discovered
 * @param architecture what its firmware said (option 93): {@code bios}, {@code uefi-x64}, {@code uefi-arm64} or {@code unknown}
 * @param firstSeen    when the bastion first heard of it
 * @param lastSeen     when it last asked for anything
 * @param failure      why its last installation failed ({@code missing-lv-home}, …), else null
 */
public record Machine(String mac, State state, String hostname, Role role, Mode mode, String architecture, Instant firstSeen,
        Instant lastSeen, String failure) {

    /** A machine's provisioning states, as {@code labctl provision list} prints them. */
    public enum State {
        /** It PXE-booted and is unknown: it waits, polling, until an operator assigns it. */
        DISCOVERED("discovered"),
        /** Assigned for a fresh install: the next boot installs it, erasing its disk. */
        PENDING_INSTALL("pending-install"),
        /** Assigned for a reinstall that keeps its data volumes. */
        PENDING_REPROVISION("pending-reprovision"),
        /** The installer fetched its kickstart and runs. */
        INSTALLING("installing"),
        /** The installer called back: installed, lab-agent enrolled. It boots from its disk. */
        INSTALLED("installed"),
        /** The installer called back with a failure (see {@link Machine#failure()}). It boots from its disk. */
        FAILED("failed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static State parse(String label) {
            for (State state : values()) {
                if (state.label.equals(label)) {
                    return state;
                }
            }
            throw new IllegalArgumentException("unknown provisioning state " + label);
        }
    }

    /** What the machine's next network boot does ({@code /boot/MAC.ipxe}). */
    public enum NextBoot {
        /** Wait and ask again: nobody has said what to make of it yet. */
        WAIT,
        /** Boot the installer with its kickstart. */
        INSTALL,
        /** Boot from the local disk. */
        LOCAL
    }

    /** What the next network boot of a machine in this state does. */
    public NextBoot nextBoot() {
        return switch (state) {
            case DISCOVERED -> NextBoot.WAIT;
            case PENDING_INSTALL, PENDING_REPROVISION -> NextBoot.INSTALL;
            case INSTALLING, INSTALLED, FAILED -> NextBoot.LOCAL;
        };
    }

    Machine with(State next, Instant now) {
        return new Machine(mac, next, hostname, role, mode, architecture, firstSeen, now, next == State.FAILED ? failure : null);
    }
}
