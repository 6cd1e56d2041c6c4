package org.labctl.bastion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootFilesTest {

    @TempDir
    Path dir;

    @Test
    void missingIpxeBinariesComeFromThePackageAndTheOperatorsStay() throws Exception {
        Path debian = Files.createDirectories(dir.resolve("usr-lib-ipxe"));
        Files.writeString(debian.resolve("undionly.kpxe"), "debian undionly");
        Files.writeString(debian.resolve("ipxe.efi"), "debian efi");
        Path boot = Files.createDirectories(dir.resolve("boot"));
        Files.writeString(boot.resolve("ipxe.efi"), "the operator's own build");

        assertEquals(List.of("undionly.kpxe"), BootFiles.ipxe(boot, debian));
        assertEquals("debian undionly", Files.readString(boot.resolve("undionly.kpxe")));
        assertEquals("the operator's own build", Files.readString(boot.resolve("ipxe.efi")));
        assertEquals(List.of(), BootFiles.ipxe(boot, debian), "nothing more to copy");
        assertEquals(List.of(), BootFiles.ipxe(boot, dir.resolve("not-installed")));
    }
}
