package org.labctl.agent.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.osgi.framework.BundleContext;

/**
 * An agent's data directory: {@code agent.key} (its private key, 0600, made here and never sent),
 * {@code agent.crt} (its certificate), {@code ca.crt} (labd's CA) and {@code agent.properties}
 * (labd's URL, the server's id and name).
 */
record AgentFiles(Path directory) {

    /** The data directory of this runtime: the framework property {@value AgentRuntime#DATA}, else the default. */
    static AgentFiles of(BundleContext context) {
        String dir = context.getProperty(AgentRuntime.DATA);
        return new AgentFiles(Path.of(dir == null || dir.isBlank() ? Main.DEFAULT_DATA : dir));
    }

    Path key() {
        return directory.resolve("agent.key");
    }

    Path certificate() {
        return directory.resolve("agent.crt");
    }

    Path ca() {
        return directory.resolve("ca.crt");
    }

    Path properties() {
        return directory.resolve("agent.properties");
    }

    boolean enrolled() {
        return Files.exists(key()) && Files.exists(certificate()) && Files.exists(ca()) && Files.exists(properties());
    }

    Properties load() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(properties(), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    /** Writes a file atomically; private files are 0600 from the first byte. */
    void write(Path file, String content, boolean secret) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
