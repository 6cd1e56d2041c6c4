package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;

class MavenCoordinatesTest {

    @Test
    void karafsSyntaxWithTheTypeDefaultingToZip() {
        MavenCoordinates plain = MavenCoordinates.parse("mvn:org.example.lab/chrony/1.2.0");
        assertEquals("org.example.lab", plain.group());
        assertEquals("chrony", plain.artifact());
        assertEquals("1.2.0", plain.version());
        assertEquals("zip", plain.type());
        assertNull(plain.classifier());
        assertEquals("org/example/lab/chrony/1.2.0/chrony-1.2.0.zip", plain.path());
        assertEquals("mvn:org.example.lab/chrony/1.2.0/zip", plain.toString());

        MavenCoordinates kar = MavenCoordinates.parse("mvn:org.example/chrony/1.2.0/kar/module");
        assertEquals("org/example/chrony/1.2.0/chrony-1.2.0-module.kar", kar.path());
        assertEquals("mvn:org.example/chrony/1.2.0/kar/module", kar.toString());
        assertEquals("org/example/chrony/1.2.0/chrony-1.2.0.zip", MavenCoordinates.parse("mvn:org.example/chrony/1.2.0//").path());
        assertEquals("org/example/chrony/1.2.0/chrony-1.2.0-x.zip", MavenCoordinates.parse("mvn:org.example/chrony/1.2.0//x").path());
    }

    @Test
    void snapshotsRangesAndMetaVersionsAreRefusedSincePinningNeedsAFixedRelease() {
        refused("mvn:org.example/chrony/1.2.0-SNAPSHOT", "SNAPSHOT");
        refused("mvn:org.example/chrony/1.2.0-snapshot/kar", "SNAPSHOT");
        refused("mvn:org.example/chrony/[1.0,2.0)", "version range");
        refused("mvn:org.example/chrony/(,2.0]", "version range");
        refused("mvn:org.example/chrony/LATEST", "not a fixed version");
        refused("mvn:org.example/chrony/RELEASE", "not a fixed version");
        refused("mvn:org.example/chrony", "is not mvn:GROUP/ARTIFACT/VERSION");
        refused("mvn:org.example/chrony/", "names no version");
    }

    @Test
    void badCoordinatesAreRefusedWithTheFormToGive() {
        refused("mvn:https://repo.example.org/maven2!org.example/chrony/1.0", "labctl modules repos add");
        refused("mvn:org.example/chrony/1.0/jar", "type \"jar\" is not a module's");
        refused("mvn:org..example/chrony/1.0", "is not a Maven group id");
        refused("mvn:org.example/../1.0", "is not a Maven artifact id");
        refused("mvn:org.example/chrony/..", "is not a Maven version");
        refused("mvn:org.example/chrony/1.0/zip/../x", "is not mvn:GROUP");
        refused("mvn:org.example/chrony/1.0/zip/.x", "is not a Maven classifier");
        refused("mvn:org.example/chr ony/1.0", "without spaces");
        refused("mvn:org/example/chrony/1.0/zip/x/y", "is not mvn:GROUP");
        refused("mvn:" + "a".repeat(600) + "/b/1", "at most 512 characters");
        refused("git+file:///x@v1", "not a Maven source");
    }

    private static void refused(String source, String says) {
        InvalidArgument refused = assertThrows(InvalidArgument.class, () -> MavenCoordinates.parse(source));
        assertTrue(refused.getMessage().contains(says), source + " refused saying '" + says + "': " + refused.getMessage());
    }
}
