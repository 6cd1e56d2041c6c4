package org.labctl.bastion.internal.kickstart;

/** Whether the kickstart starts the disk afresh or reinstalls the system over the data it keeps. */
public enum Mode {
    /**
     * Wipes the target disk ({@code zerombr}, {@code clearpart}) and creates every partition,
     * the volume group and every logical volume of the {@link Layout}.
     */
    INSTALL,
    /**
     * Leaves the partition table and the volume group as they are: reformats {@code /boot},
     * {@code /boot/efi} and the system's logical volumes, and mounts the preserved ones
     * ({@link Volume#preserved()}) without formatting them. A {@code %pre} check stops the
     * installer before it touches any disk when the volume group or a preserved volume is not
     * there.
     */
    REPROVISION
}
