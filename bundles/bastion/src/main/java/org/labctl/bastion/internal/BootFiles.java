package org.labctl.bastion.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.labctl.bastion.internal.dhcp.PxeBoot;

/**
 * The iPXE binaries PXE firmware is sent ({@link PxeBoot}): those the boot directory lacks are
 * copied there from Debian's {@code ipxe} package ({@code /usr/lib/ipxe}), where it is installed;
 * an operator's own binaries in the boot directory are left as they are.
 */
final class BootFiles {

    /** What the firmware of each architecture loads, and where Debian's package has it. */
    private static final List<String[]> IPXE = List.of(
            new String[] {PxeBoot.BIOS_FILE, "undionly.kpxe"},
            new String[] {PxeBoot.UEFI_X64_FILE, "ipxe.efi"},
            new String[] {PxeBoot.UEFI_ARM64_FILE, "arm64-efi/ipxe.efi"});

    private BootFiles() {
    }

    /** Copies the missing binaries; returns their names. */
    static List<String> ipxe(Path bootDir, Path packageDir) throws IOException {
        List<String> copied = new ArrayList<>();
        if (packageDir == null || !Files.isDirectory(packageDir)) {
            return copied;
        }
        for (String[] file : IPXE) {
            Path target = bootDir.resolve(file[0]);
            Path source = packageDir.resolve(file[1]);
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(source)) {
                Path temporary = bootDir.resolve(file[0] + ".tmp");
                Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                copied.add(file[0]);
            }
        }
        return copied;
    }
}
