package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.Failure;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabException;

/** The archive a module travels in, and the archives made to break out of it, exhaust labd or hide what they hold. */
class ModuleArchiveTest {

    private static final String YAML = "name: hello\nversion: 1.0.0\ntargets: {all: true}\nagent: {bundles: [hello.jar]}\n";

    private static String refused(byte[] zip) {
        return assertThrows(InvalidArgument.class, () -> ModuleArchive.read(zip)).getMessage();
    }

    @Test
    void theFilesBesideModuleYamlAtTheTopOrInOneFolder() {
        byte[] jar = Zips.jar("hello");
        Map<String, byte[]> top = ModuleArchive.read(Zips.of(Zips.files("module.yaml", YAML, "hello.jar", jar, "docs/", "",
                "docs/README.md", "deeper, left out")));
        assertEquals(List.of("module.yaml", "hello.jar"), List.copyOf(top.keySet()));
        assertArrayEquals(jar, top.get("hello.jar"));
        Map<String, byte[]> folder = ModuleArchive.read(Zips.of(Zips.files("hello/", "", "hello/module.yaml", YAML,
                "hello/hello.jar", jar, "hello/tests/module.yaml", "a fixture two folders down is not the module")));
        assertEquals(List.of("module.yaml", "hello.jar"), List.copyOf(folder.keySet()));
    }

    @Test
    void namesThatLeadOutOfTheArchiveAreRefused() {
        for (String name : List.of("../evil.jar", "hello/../../evil.jar", "/etc/cron.d/evil", "a\\..\\evil", "C:/evil",
                "a//b", "./module.yaml", "a/./b", "bell\u0007")) {
            String message = refused(Zips.of(Zips.files("module.yaml", YAML, name, "x")));
            assertTrue(message.startsWith("the module's archive is refused: "), message);
        }
    }

    @Test
    void aSymbolicLinkIsRefusedEvenUnderAPlainName() {
        byte[] zip = Zips.unixMode(Zips.of(Zips.files("module.yaml", YAML, "hello.jar", "/etc/shadow")), "hello.jar", 0120777);
        assertTrue(refused(zip).contains("\"hello.jar\" is a symbolic link"), refused(zip));
        byte[] device = Zips.unixMode(Zips.of(Zips.files("module.yaml", YAML, "hello.jar", "x")), "hello.jar", 0020644);
        assertTrue(refused(device).contains("is not a plain file"), refused(device));
        byte[] plain = Zips.unixMode(Zips.of(Zips.files("module.yaml", YAML, "hello.jar", "x")), "hello.jar", 0100644);
        assertEquals(2, ModuleArchive.read(plain).size(), "a Unix regular file is fine");
    }

    @Test
    void tooManyEntriesAreRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>(Zips.files("module.yaml", YAML));
        for (int i = 0; i < ModuleArchive.MAX_ENTRIES; i++) {
            files.put("f" + i, new byte[0]);
        }
        assertTrue(refused(Zips.of(files)).contains("entries; a module's archive has at most " + ModuleArchive.MAX_ENTRIES),
                refused(Zips.of(files)));
    }

    @Test
    void aBombIsStoppedAtTheModulesSizeWith413() {
        byte[] zeros = new byte[(int) ModuleArchive.MAX_BYTES + 1];
        byte[] bomb = Zips.of(Zips.files("module.yaml", YAML, "hello.jar", zeros));
        assertTrue(bomb.length < 200_000, "it compresses well: " + bomb.length);
        LabException refused = assertThrows(LabException.class, () -> ModuleArchive.read(bomb));
        assertEquals(Failure.PAYLOAD_TOO_LARGE, refused.failure());
        // one that lies about its size is stopped while it inflates, before it grows past what it declared
        byte[] liar = Zips.declaredSize(Zips.of(Zips.files("module.yaml", YAML, "hello.jar", new byte[1_000_000])), "hello.jar", 10);
        assertTrue(refused(liar).contains("inflates past the 10 bytes it declares"), refused(liar));
    }

    @Test
    void anArchiveLargerThanTheLimitIsRefusedBeforeItIsRead() {
        byte[] zip = Zips.of(Zips.files("module.yaml", YAML));
        LabException refused = assertThrows(LabException.class, () -> ModuleArchive.read(new ByteArrayInputStream(zip), zip.length - 1));
        assertEquals(Failure.PAYLOAD_TOO_LARGE, refused.failure());
    }

    @Test
    void malformedArchivesAreRefusedInWords() {
        assertTrue(refused("not a zip at all, just some text".getBytes()).contains("not a zip archive"));
        assertTrue(refused(new byte[3]).contains("too short"));
        byte[] zip = Zips.of(Zips.files("module.yaml", YAML));
        byte[] cut = java.util.Arrays.copyOf(zip, zip.length - 30);
        assertTrue(refused(cut).contains("not a zip archive"), refused(cut));
        assertTrue(refused(Zips.flags(zip, "module.yaml", 1)).contains("is encrypted"));
        byte[] damaged = zip.clone();
        damaged[45] ^= 0x55; // inside module.yaml's compressed data
        assertTrue(refused(damaged).startsWith("the module's archive is refused: \"module.yaml\""), refused(damaged));
    }

    @Test
    void whatIsNotOneModuleIsRefused() {
        assertTrue(refused(Zips.of(Zips.files("README.md", "x"))).contains("holds no module.yaml"));
        assertTrue(refused(Zips.of(Zips.files("a/module.yaml", YAML, "b/module.yaml", YAML))).contains("holds two modules"));
        byte[] twice = Zips.rename(Zips.of(Zips.files("module.yaml", YAML, "aaa.jar", "1", "aab.jar", "2")), "aab.jar", "aaa.jar");
        assertTrue(refused(twice).contains("\"aaa.jar\" is in it twice"), refused(twice));
    }
}
