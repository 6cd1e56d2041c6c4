package org.labctl.bastion.internal.kickstart;

import java.util.ArrayList;
import java.util.List;

/**
 * The disk layouts of issue 7, as data: the kickstart renderer writes its {@code part},
 * {@code logvol} and {@code /tmp} lines from this table, and the tests check the rendered kickstart
 * against the same table.
 *
 * <p>Sizes are in MiB, as kickstart wants them. The "GB" is read as GiB (1 GB = 1024 MiB)
 * and its "MB" as MiB, so {@code /var 100GB} is {@code --size=102400} and {@code /boot/efi 600MB}
 * is {@code --size=600}.
 *
 * <p>The disk holds {@code /boot/efi}, {@code /boot} and one LVM physical volume, in that order:
 * Anaconda places the EFI system partition first and {@code /boot} next, and the growing physical
 * volume last, which is what lets {@link Mode#REPROVISION} find them again as partitions 1, 2 and 3
 * ({@link #partitionName}). Everything else is a logical volume of {@link #VOLUME_GROUP};
 * {@code /tmp} is a 4 GiB tmpfs.
 */
final class Layout {

    /** The volume group on the disk's third partition. */
    static final String VOLUME_GROUP = "labvg";
    /** The kickstart's name for the physical volume that holds {@link #VOLUME_GROUP}. */
    static final String PHYSICAL_VOLUME = "pv.01";
    /** The "GB", in MiB. */
    static final int GB = 1024;
    /**
     * The smallest size of the volume that takes the rest of the volume group: a disk too small to
     * give it even that makes the installer refuse the layout instead of making a useless volume.
     */
    static final int GROWING_MINIMUM_MIB = 1 * GB;

    private Layout() {
    }

    /**
     * The layout of a machine of this role, in the order the kickstart lists it: partitions, then
     * logical volumes, then tmpfs.
     */
    static List<Volume> of(Role role) {
        List<Volume> volumes = new ArrayList<>(List.of(
                Volume.partition("/boot/efi", 600, "efi"),
                Volume.partition("/boot", 3 * GB, "ext4"),
                Volume.logicalVolume("swap", "swap", 27 * GB, "swap"),
                Volume.logicalVolume("/", "root", 33 * GB, "xfs"),
                Volume.logicalVolume("/var", "var", 100 * GB, "xfs"),
                Volume.logicalVolume("/var/log", "var_log", 10 * GB, "xfs"),
                Volume.logicalVolume("/home", "home", 10 * GB, "xfs").keptOnReprovision(),
                Volume.logicalVolume("/srv", "srv", 20 * GB, "xfs").keptOnReprovision()));
        volumes.add(switch (role) {
            case WORKER -> Volume.logicalVolume("/var/lib/longhorn", "longhorn", GROWING_MINIMUM_MIB, "xfs")
                    .growing().keptOnReprovision();
            case INFRA -> Volume.logicalVolume("/var/lib/rancher", "rancher", 20 * GB, "xfs").keptOnReprovision();
        });
        volumes.add(Volume.tmpfs("/tmp", 4 * GB));
        return List.copyOf(volumes);
    }

    /** The logical volumes that reprovisioning keeps, in layout order. */
    static List<Volume> preserved(Role role) {
        return of(role).stream().filter(Volume::preserved).toList();
    }

    /**
     * The kernel's name of partition {@code number} of {@code disk}: {@code sda2}, but
     * {@code nvme0n1p2} for a disk whose name ends in a digit.
     */
    static String partitionName(String disk, int number) {
        return disk + (Character.isDigit(disk.charAt(disk.length() - 1)) ? "p" : "") + number;
    }
}
