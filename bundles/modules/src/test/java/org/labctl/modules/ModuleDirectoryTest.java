package org.labctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.ArtifactDigest;

class ModuleDirectoryTest {

    @TempDir
    Path dir;

    private static void jar(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\nBundle-SymbolicName: " + file.getFileName() + "\n").getBytes());
        }
    }

    private Path example() throws IOException {
        Path module = Files.createDirectory(dir.resolve("chrony"));
        Files.writeString(module.resolve("module.yaml"), ModuleDescriptorTest.example());
        jar(module.resolve("chrony-agent-1.2.0.jar"));
        Files.writeString(module.resolve("features.xml"), "<features name=\"chrony\"><feature name=\"chrony-labd\"/></features>");
        Files.writeString(module.resolve("README.md"), "not part of the module");
        return module;
    }

    private static String refused(Path module) {
        return assertThrows(InvalidArgument.class, () -> ModuleDirectory.read(module)).getMessage();
    }

    @Test
    void itsFilesArePinnedInOrder() throws IOException {
        Path module = example();
        ModuleDirectory read = ModuleDirectory.read(module);
        assertEquals("chrony 1.2.0", read.descriptor().id());
        assertEquals(List.of("module.yaml", "chrony-agent-1.2.0.jar", "features.xml"), List.copyOf(read.files().keySet()),
                "README.md is not part of the module");
        assertEquals(ArtifactDigest.sha256(module.resolve("chrony-agent-1.2.0.jar")), read.files().get("chrony-agent-1.2.0.jar"));
        assertEquals(ArtifactDigest.sha256(module.resolve("module.yaml")), read.files().get("module.yaml"));
        read.verify(module);
        assertThrows(UnsupportedOperationException.class, () -> read.files().put("x", "y"));
    }

    @Test
    void aFileChangedAfterwardsIsRefusedByVerify() throws IOException {
        Path module = example();
        ModuleDirectory read = ModuleDirectory.read(module);
        String pinned = read.files().get("chrony-agent-1.2.0.jar");
        Files.write(module.resolve("chrony-agent-1.2.0.jar"), new byte[] {'P', 'K', 3, 4, 0});
        Conflict refused = assertThrows(Conflict.class, () -> read.verify(module));
        assertTrue(refused.getMessage().startsWith("chrony-agent-1.2.0.jar is not the file that was pinned: its SHA-256 is "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("expected " + pinned), refused.getMessage());
    }

    @Test
    void aListedBundleMustBeThereAsAPlainJar() throws IOException {
        Path module = example();
        Files.delete(module.resolve("chrony-agent-1.2.0.jar"));
        assertEquals("module.yaml: agent.bundles[0]: chrony-agent-1.2.0.jar is not in the module's directory", refused(module));
        Files.writeString(module.resolve("chrony-agent-1.2.0.jar"), "not a zip");
        assertEquals("module.yaml: agent.bundles[0]: chrony-agent-1.2.0.jar is not a jar (a zip file); build the bundle and list "
                + "its jar", refused(module));
        Files.delete(module.resolve("chrony-agent-1.2.0.jar"));
        Files.createDirectory(module.resolve("chrony-agent-1.2.0.jar"));
        assertEquals("module.yaml: agent.bundles[0]: chrony-agent-1.2.0.jar is not a plain file", refused(module));
    }

    @Test
    void aLinkCannotLeadOutOfTheModule() throws IOException {
        Path module = example();
        Path outside = dir.resolve("outside.jar");
        jar(outside);
        Files.delete(module.resolve("chrony-agent-1.2.0.jar"));
        Files.createSymbolicLink(module.resolve("chrony-agent-1.2.0.jar"), outside);
        assertEquals("module.yaml: agent.bundles[0]: chrony-agent-1.2.0.jar is a symbolic link; a module's files are plain files "
                + "in its directory", refused(module));
        Path linkedDirectory = dir.resolve("linked");
        Files.createSymbolicLink(linkedDirectory, module);
        assertTrue(refused(linkedDirectory).endsWith("is not a directory; a module is a directory with module.yaml, its agent "
                + "bundles and optionally features.xml"));
    }

    @Test
    void featuresXmlGoesWithLabdFeature() throws IOException {
        Path module = example();
        Files.delete(module.resolve("features.xml"));
        assertEquals("module.yaml: labd.feature: features.xml is not in the module's directory", refused(module));

        Path agentOnly = Files.createDirectory(dir.resolve("agent-only"));
        Files.writeString(agentOnly.resolve("module.yaml"), ModuleDescriptorTest.MINIMAL);
        jar(agentOnly.resolve("chrony.jar"));
        assertEquals(List.of("module.yaml", "chrony.jar"), List.copyOf(ModuleDirectory.read(agentOnly).files().keySet()));
        Files.writeString(agentOnly.resolve("features.xml"), "<features/>");
        assertEquals("module.yaml: the directory holds features.xml, but labd.feature names no feature in it; name it (labd: "
                + "{feature: NAME}) or remove the file", refused(agentOnly));
    }

    @Test
    void aBadDescriptorIsReportedAsSuch() throws IOException {
        Path module = example();
        Files.writeString(module.resolve("module.yaml"), "name: ../x\n");
        assertTrue(refused(module).startsWith("module.yaml: name: \"../x\" is not a module name"));
        assertTrue(refused(dir.resolve("missing")).endsWith("is not a directory; a module is a directory with module.yaml, its "
                + "agent bundles and optionally features.xml"));
    }
}
