package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.ArtifactDigest;

class ModuleContentTest {

    private static final String AGENT = "name: hello\nversion: 1.0.0\ntargets: {all: true}\nagent: {bundles: [hello.jar]}\n";
    private static final String BOTH = "name: hello\nversion: 1.0.0\ntargets: {all: true}\nagent: {bundles: [hello.jar]}\n"
            + "labd: {feature: hello-labd}\n";
    private static final String FEATURES = "<features name=\"hello\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
            + "<feature name=\"hello-labd\"><feature>scr</feature><bundle>hello-labd.jar</bundle></feature></features>";

    private static String refused(Map<String, byte[]> files) {
        return assertThrows(InvalidArgument.class, () -> ModuleContent.of(files)).getMessage();
    }

    @Test
    void theModulesFilesInOrderEachPinned() {
        byte[] jar = Zips.jar("hello");
        byte[] labd = Zips.jar("hello-labd");
        ModuleContent content = ModuleContent.of(Zips.files("features.xml", FEATURES, "hello-labd.jar", labd, "README.md", "x",
                "hello.jar", jar, "module.yaml", BOTH));
        assertEquals(List.of("module.yaml", "hello.jar", "features.xml", "hello-labd.jar"), List.copyOf(content.files().keySet()));
        assertEquals(ArtifactDigest.sha256(jar), content.digests().get("hello.jar"));
        assertEquals(List.of("README.md"), content.ignored());
        content.verify(Map.of("hello.jar", ArtifactDigest.sha256(jar)));
    }

    @Test
    void aDigestThatDiffersFromWhatArrivedIsAConflictNamingTheFile() {
        ModuleContent content = ModuleContent.of(Zips.files("module.yaml", AGENT, "hello.jar", Zips.jar("hello")));
        String other = ArtifactDigest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        Conflict conflict = assertThrows(Conflict.class, () -> content.verify(Map.of("hello.jar", other)));
        assertTrue(conflict.getMessage().contains("hello.jar") && conflict.getMessage().contains(other), conflict.getMessage());
        assertThrows(InvalidArgument.class, () -> content.verify(Map.of("nope.jar", other)));
        assertThrows(InvalidArgument.class, () -> content.verify(Map.of("hello.jar", "not-hex")));
    }

    @Test
    void whatTheDescriptorNamesMustBeThere() {
        assertTrue(refused(Zips.files("hello.jar", Zips.jar("x"))).contains("module.yaml: missing"));
        assertTrue(refused(Zips.files("module.yaml", AGENT)).contains("hello.jar is not in the module's directory"));
        assertTrue(refused(Zips.files("module.yaml", AGENT, "hello.jar", "not a zip")).contains("is not a jar"));
        assertTrue(refused(Zips.files("module.yaml", AGENT, "hello.jar", Zips.jar("x"), "features.xml", FEATURES))
                .contains("labd.feature names no feature"));
        assertTrue(refused(Zips.files("module.yaml", BOTH, "hello.jar", Zips.jar("x"))).contains("features.xml is not in"));
        assertTrue(refused(Zips.files("module.yaml", BOTH, "hello.jar", Zips.jar("x"), "features.xml", FEATURES))
                .contains("hello-labd.jar is not in the module's directory"));
    }

    @Test
    void theLabdSideInstallsOnlyWhatItPins() {
        Map<String, byte[]> base = Zips.files("module.yaml", BOTH, "hello.jar", Zips.jar("x"));
        for (String features : List.of(
                "<features><feature name=\"hello-labd\"><bundle>mvn:org.example/evil/1.0</bundle></feature></features>",
                "<features><repository>mvn:org.example/more/1.0/xml/features</repository><feature name=\"hello-labd\"/></features>",
                "<features><feature name=\"hello-labd\"><configfile finalname=\"/etc/passwd\">file:/x</configfile></feature></features>",
                "<features><feature name=\"other\"/></features>",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><features><feature name=\"hello-labd\">&e;</feature></features>",
                "<project/>")) {
            Map<String, byte[]> files = new java.util.LinkedHashMap<>(base);
            files.put("features.xml", features.getBytes(StandardCharsets.UTF_8));
            String message = refused(files);
            assertTrue(message.startsWith("features.xml"), message);
        }
    }

    @Test
    void theMaterializedFeaturesPointAtTheVerifiedCopies() {
        byte[] materialized = LabdFeatures.materialized(FEATURES.getBytes(StandardCharsets.UTF_8), Path.of("/var/labd/modules/hello"));
        String xml = new String(materialized, StandardCharsets.UTF_8);
        assertTrue(xml.contains(">file:///var/labd/modules/hello/hello-labd.jar<"), xml);
        assertTrue(xml.contains(">scr<"), xml);
    }
}
