package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.InvalidArgument;

class OperatorKeysTest {

    @TempDir
    Path dir;

    /** A key line whose blob starts with {@code type}, as OpenSSH writes it. */
    private static String key(String type, String blobType) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] name = blobType.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(name.length);
        out.write(name);
        out.writeInt(8);
        out.write(new byte[8]);
        return type + " " + Base64.getEncoder().encodeToString(bytes.toByteArray()) + " someone@host";
    }

    @Test
    void anEcdsaOrRsaKeyBecomesItsBlob() throws IOException {
        String line = key("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256");
        assertEquals(line.split(" ")[1], OperatorKeys.blob(line));
        assertEquals(key("ssh-rsa", "ssh-rsa").split(" ")[1], OperatorKeys.blob("  " + key("ssh-rsa", "ssh-rsa") + "\n"));
    }

    @Test
    void keysKarafCannotCheckAreRefusedWithWhatToDo() throws IOException {
        InvalidArgument ed25519 = assertThrows(InvalidArgument.class, () -> OperatorKeys.blob(key("ssh-ed25519", "ssh-ed25519")));
        assertTrue(ed25519.getMessage().contains("ssh-keygen -t ecdsa"), ed25519.getMessage());
        assertThrows(InvalidArgument.class, () -> OperatorKeys.blob(key("ssh-rsa", "ecdsa-sha2-nistp256")));
        assertThrows(InvalidArgument.class, () -> OperatorKeys.blob("ssh-rsa not!base64"));
        assertThrows(InvalidArgument.class, () -> OperatorKeys.blob("AAAAB3NzaC1yc2E"));
        assertThrows(InvalidArgument.class, () -> OperatorKeys.blob(null));
    }

    @Test
    void operatorNamesAreLabdUserNames() {
        assertThrows(InvalidArgument.class, () -> OperatorKeys.name("_g_:admingroup"));
        assertThrows(InvalidArgument.class, () -> OperatorKeys.name("Olivia"));
        assertEquals("olivia", OperatorKeys.name("olivia"));
    }

    @Test
    void addingWritesTheGroupOnceAndReplacesTheOperatorsOwnLineOnly() throws IOException {
        Path file = dir.resolve("keys.properties");
        Files.writeString(file, "# comment\n_g_\\:admingroup = group,admin,ssh\nadmin = AAAA,_g_:admingroup\noliviaX = BBBB,_g_:x\n");
        String first = key("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256");
        assertFalse(OperatorKeys.add(file, "olivia", first));
        String second = key("ssh-rsa", "ssh-rsa");
        assertTrue(OperatorKeys.add(file, "olivia", second));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("# comment", "_g_\\:admingroup = group,admin,ssh", "admin = AAAA,_g_:admingroup", "oliviaX = BBBB,_g_:x",
                OperatorKeys.GROUP_LINE, "olivia = " + second.split(" ")[1] + ",_g_:operatorgroup"), lines);
    }
}
