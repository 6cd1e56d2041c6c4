package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path data;

    @Test
    void generatedOnceIntoA0600FileAndReusedAfterwards() throws Exception {
        SecretKey first = MasterKey.load(Map.of(), data);
        Path file = data.resolve("master.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, first.getEncoded().length);
        assertArrayEquals(first.getEncoded(), MasterKey.load(Map.of(), data).getEncoded());
    }

    @Test
    void theEnvironmentWinsSoThatInstancesCanShareOneKey() throws Exception {
        byte[] bytes = new byte[32];
        bytes[0] = 7;
        SecretKey key = MasterKey.load(Map.of("LABD_MASTER_KEY", Base64.getEncoder().encodeToString(bytes)), data);
        assertArrayEquals(bytes, key.getEncoded());
        assertTrue(Files.notExists(data.resolve("master.key")), "no file is generated when the environment has the key");
    }

    @Test
    void aWrongKeyIsRefusedWithAMessageThatSaysHowToMakeOneWithoutShowingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MasterKey.load(Map.of("LABD_MASTER_KEY", shortKey), data));
        assertEquals("the master key in LABD_MASTER_KEY has 16 bytes, it needs 32: generate one with "
                + "'head -c 32 /dev/urandom | base64'", e.getMessage());
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class,
                () -> MasterKey.load(Map.of("LABD_MASTER_KEY", "not*base64!"), data));
        assertTrue(!notBase64.getMessage().contains("not*base64!"), notBase64.getMessage());
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        MasterKey.load(Map.of(), data);
        Path file = data.resolve("master.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MasterKey.load(Map.of(), data));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }
}
