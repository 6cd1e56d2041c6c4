package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevokedSerialsTest {

    @TempDir
    Path dir;

    @Test
    void noFileMeansNothingIsKnownNotNothingIsRevoked() throws IOException {
        assertNull(RevokedSerials.read(dir.resolve("tls/revoked-serials")));
    }

    @Test
    void keepsTheSerialsForTheNextStart() throws IOException {
        Path file = dir.resolve("tls/revoked-serials");
        Set<BigInteger> serials = Set.of(new BigInteger("71d6911ecf6fc27bde4f0836ae532f0b73ee0d1d", 16), BigInteger.ONE);
        RevokedSerials.write(file, serials);

        assertEquals(serials, RevokedSerials.read(file));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        RevokedSerials.write(file, Set.of());
        assertEquals(Set.of(), RevokedSerials.read(file), "known: none revoked");
    }

    @Test
    void aDamagedFileIsAnErrorNotAnEmptyList() throws IOException {
        Path file = Files.writeString(dir.resolve("revoked-serials"), "71d6911e\nnot a serial\n");
        assertThrows(IOException.class, () -> RevokedSerials.read(file));
    }
}
