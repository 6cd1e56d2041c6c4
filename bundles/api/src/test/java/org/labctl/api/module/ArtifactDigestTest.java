package org.labctl.api.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;

class ArtifactDigestTest {

    /** {@code printf abc | sha256sum} */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    /** {@code sha256sum /dev/null} */
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    @Test
    void digestsAreLowercaseHexAsSha256sumPrintsThem() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals(ABC, ArtifactDigest.sha256(abc));
        assertEquals(ABC, ArtifactDigest.sha256(new ByteArrayInputStream(abc)));
        Path file = Files.write(dir.resolve("a.jar"), abc);
        assertEquals(ABC, ArtifactDigest.sha256(file));
        assertEquals(EMPTY, ArtifactDigest.sha256(new byte[0]));
    }

    @Test
    void aLargeStreamIsReadToItsEnd() throws Exception {
        byte[] big = new byte[3 * 64 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        assertEquals(ArtifactDigest.sha256(big), ArtifactDigest.sha256(new ByteArrayInputStream(big)));
    }

    @Test
    void theRightFilePasses() throws Exception {
        Path file = Files.write(dir.resolve("chrony-1.0.0.jar"), "abc".getBytes(StandardCharsets.US_ASCII));
        ArtifactDigest.verify(file, ABC);
        ArtifactDigest.verify(file, ABC.toUpperCase());
        ArtifactDigest.verify("chrony-1.0.0.jar", new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), ABC);
        ArtifactDigest.verify("chrony-1.0.0.jar", ABC, ABC.toUpperCase());
    }

    @Test
    void aChangedFileIsRefusedNamingItAndBothDigests() throws Exception {
        Path file = Files.write(dir.resolve("chrony-1.0.0.jar"), "abd".getBytes(StandardCharsets.US_ASCII));
        String actual = ArtifactDigest.sha256(file);
        Conflict refused = assertThrows(Conflict.class, () -> ArtifactDigest.verify(file, ABC));
        assertEquals("chrony-1.0.0.jar is not the file that was pinned: its SHA-256 is " + actual + ", expected " + ABC
                + "; it changed after it was added and is refused (add it again if the change is meant)", refused.getMessage());
        assertThrows(Conflict.class, () -> ArtifactDigest.verify("x.jar", new ByteArrayInputStream(new byte[0]), ABC));
        assertThrows(Conflict.class, () -> ArtifactDigest.verify("x.jar", ABC, EMPTY));
    }

    @Test
    void aPinThatIsNoDigestIsAnInvalidArgument() {
        assertTrue(ArtifactDigest.isSha256(ABC));
        assertTrue(ArtifactDigest.isSha256(ABC.toUpperCase()));
        assertFalse(ArtifactDigest.isSha256(null));
        assertFalse(ArtifactDigest.isSha256(ABC.substring(1)));
        assertFalse(ArtifactDigest.isSha256(ABC.substring(1) + "g"));
        assertEquals(ABC, ArtifactDigest.normalize("a.jar", ABC.toUpperCase()));
        assertEquals("the SHA-256 of a.jar must be 64 hex digits (as sha256sum prints it), not 'md5:abc'",
                assertThrows(InvalidArgument.class, () -> ArtifactDigest.verify("a.jar", "md5:abc", ABC)).getMessage());
        assertEquals("the SHA-256 of a\\u000ab must be 64 hex digits (as sha256sum prints it), not '(none)'",
                assertThrows(InvalidArgument.class, () -> ArtifactDigest.normalize("a\nb", null)).getMessage());
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ArtifactDigest.verify(dir.resolve("gone.jar"), ABC));
    }
}
