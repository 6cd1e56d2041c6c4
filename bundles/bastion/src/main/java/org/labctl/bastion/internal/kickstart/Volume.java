package org.labctl.bastion.internal.kickstart;

/**
 * One row of a disk {@link Layout}: where it is mounted, how big it is and what it holds.
 *
 * @param mountPoint where it is mounted, or {@code swap} for the swap volume
 * @param kind       a partition of the disk, a logical volume of {@link Layout#VOLUME_GROUP}, or a
 *                   tmpfs (memory, no disk)
 * @param name       the logical volume's name in the volume group ({@code lvs labvg/NAME}); null for
 *                   partitions and tmpfs
 * @param sizeMiB    the size in MiB, or the smallest size when it {@code grows}
 * @param grows      takes whatever the volume group has left once the others are made
 * @param fstype     the kickstart's file system type: {@code efi}, {@code ext4}, {@code xfs},
 *                   {@code swap} or {@code tmpfs}
 * @param preserved  reprovisioning keeps it, data and all ({@link Mode#REPROVISION})
 */
record Volume(String mountPoint, Kind kind, String name, int sizeMiB, boolean grows, String fstype, boolean preserved) {

    /** Where a volume lives. */
    enum Kind {
        PARTITION,
        LOGICAL_VOLUME,
        TMPFS
    }

    static Volume partition(String mountPoint, int sizeMiB, String fstype) {
        return new Volume(mountPoint, Kind.PARTITION, null, sizeMiB, false, fstype, false);
    }

    static Volume logicalVolume(String mountPoint, String name, int sizeMiB, String fstype) {
        return new Volume(mountPoint, Kind.LOGICAL_VOLUME, name, sizeMiB, false, fstype, false);
    }

    static Volume tmpfs(String mountPoint, int sizeMiB) {
        return new Volume(mountPoint, Kind.TMPFS, null, sizeMiB, false, "tmpfs", false);
    }

    /** This logical volume, taking the rest of the volume group beyond {@link #sizeMiB}. */
    Volume growing() {
        return new Volume(mountPoint, kind, name, sizeMiB, true, fstype, preserved);
    }

    /** This logical volume, kept as it is by reprovisioning. */
    Volume keptOnReprovision() {
        return new Volume(mountPoint, kind, name, sizeMiB, grows, fstype, true);
    }
}
