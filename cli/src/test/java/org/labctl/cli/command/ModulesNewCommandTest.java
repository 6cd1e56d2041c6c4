package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.cli.CliRun;

/**
 * {@code labctl modules new}: the project's files, and bad input refused with nothing written. That the project builds
 * with Maven and its module runs on a real agent is ModulesAgentIT's.
 */
class ModulesNewCommandTest {

    @TempDir
    Path home;

    private CliRun.Result run(String... args) {
        return new CliRun(home).run(args);
    }

    @Test
    void writesAProjectOnTheModuleParent() throws Exception {
        Path project = home.resolve("node-exporter");
        CliRun.Result result = run("modules", "new", "node-exporter", "--dir", project.toString(), "--labctl-version", "0.1.0",
                "--group", "com.example.ops");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("module node-exporter 1.0.0 created in " + project), result.toString());
        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>org.labctl.module.parent</artifactId>\n    <version>0.1.0</version>"), pom);
        assertTrue(pom.contains("<groupId>com.example.ops</groupId>") && pom.contains("<artifactId>node-exporter</artifactId>"), pom);
        String yaml = Files.readString(project.resolve("module.yaml"));
        assertTrue(yaml.contains("name: node-exporter\nversion: ${project.version}\n"), yaml);
        assertTrue(yaml.contains("    - node-exporter.jar"), yaml);
        String java = Files.readString(project.resolve("src/main/java/org/example/modules/node_exporter/NodeExporterModule.java"));
        assertTrue(java.contains("package org.example.modules.node_exporter;"), java);
        assertTrue(java.contains("@Component(property = Module.PROPERTY + \"=node-exporter\")"), java);
        assertTrue(java.contains("public class NodeExporterModule implements Module"), java);
        assertTrue(Files.exists(project.resolve("src/test/java/org/example/modules/node_exporter/NodeExporterModuleTest.java")));
        assertEquals("target/\n", Files.readString(project.resolve(".gitignore")));
    }

    @Test
    void aNameStartingWithADigitStillGivesJavaNames() {
        assertEquals("M9pfsModule", ModuleScaffold.className("9pfs"));
        assertEquals("org.example.modules.m9pfs", ModuleScaffold.defaultPackage("9pfs"));
    }

    @Test
    void badInputIsRefusedAndNothingIsWritten() throws Exception {
        Path project = home.resolve("p");
        for (String[] args : new String[][] {
            {"modules", "new", "Bad_Name", "--dir", project.toString(), "--labctl-version", "0.1.0"},
            {"modules", "new", "ok", "--dir", project.toString(), "--labctl-version", "0.1.0", "--package", "Com.Example"},
            {"modules", "new", "ok", "--dir", project.toString(), "--labctl-version", "0.1.0", "--version", "1.0"},
            {"modules", "new", "ok", "--dir", project.toString(), "--labctl-version", "0.1.0", "--group", "a b"},
            {"modules", "new", "ok", "--dir", project.toString()}}) {
            CliRun.Result result = run(args);
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().startsWith("error: "), result.toString());
            assertFalse(Files.exists(project), String.join(" ", args));
        }
        Files.createDirectories(project);
        Files.writeString(project.resolve("keep.txt"), "mine");
        CliRun.Result exists = run("modules", "new", "ok", "--dir", project.toString(), "--labctl-version", "0.1.0");
        assertEquals(1, exists.exitCode(), exists.toString());
        assertTrue(exists.err().contains("exists and is not an empty directory; nothing written"), exists.toString());
        assertEquals(1, Files.list(project).count());
    }
}
