package org.labctl.agent.logs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

    @TempDir
    Path dir;

    private String refusal(LogFiles files, String path) {
        return assertThrows(IllegalArgumentException.class, () -> files.resolve(path), path).getMessage();
    }

    @Test
    void onlyRegularFilesUnderTheAllowedDirectoriesAfterLinksAndDotDot() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path nginx = Files.createDirectories(logs.resolve("nginx"));
        Path error = Files.writeString(nginx.resolve("error.log"), "line\n");
        Path secret = Files.writeString(dir.resolve("shadow"), "secret\n");
        Files.createSymbolicLink(logs.resolve("escape.log"), secret);
        Files.createSymbolicLink(logs.resolve("inside.log"), error);
        Files.createSymbolicLink(logs.resolve("up"), dir);
        LogFiles files = new LogFiles(List.of(logs, dir.resolve("missing")));
        assertEquals(List.of(logs.toRealPath()), files.roots(), "a missing directory allows nothing");

        assertEquals(error.toRealPath(), files.resolve(error.toString()));
        assertEquals(error.toRealPath(), files.resolve(logs + "/nginx/../nginx/error.log"));
        assertEquals(error.toRealPath(), files.resolve(logs.resolve("inside.log").toString()), "a link that stays inside");

        assertTrue(refusal(files, logs + "/../shadow").contains("is outside them"));
        assertTrue(refusal(files, logs.resolve("escape.log").toString()).contains("is outside them"));
        assertTrue(refusal(files, logs + "/up/shadow").contains("is outside them"));
        assertTrue(refusal(files, "/etc/passwd").contains("is outside them"));
        assertTrue(refusal(files, "nginx/error.log").contains("absolute path"));
        assertTrue(refusal(files, logs + "/nope.log").startsWith("no file"));
        assertTrue(refusal(files, nginx.toString()).endsWith("is not a regular file"));
        assertTrue(refusal(files, "").contains("absolute path"));
    }
}
