package org.labctl.tests.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, the built artifacts and the tests' scratch space are. */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        return Path.of(System.getProperty("labctl.root", "..")).toAbsolutePath().normalize();
    }

    public static String version() {
        return System.getProperty("labctl.version", "0.1.0-SNAPSHOT");
    }

    public static Path distribution() {
        Path tgz = root().resolve("assembly/target/org.labctl.assembly-" + version() + ".tar.gz");
        if (!Files.isRegularFile(tgz)) {
            throw new IllegalStateException("the labd distribution is not built: " + tgz + " (run mvn -B install)");
        }
        return tgz;
    }

    /** The lab-agent distribution (agent/assembly). */
    public static Path agentDistribution() {
        Path tgz = root().resolve("agent/assembly/target/org.labctl.agent.assembly-" + version() + ".tar.gz");
        if (!Files.isRegularFile(tgz)) {
            throw new IllegalStateException("the lab-agent distribution is not built: " + tgz + " (run mvn -B install)");
        }
        return tgz;
    }

    /** A fresh directory for one test under target/it, deleted after its class passes ({@link ScratchCleanup}). */
    public static Path scratch(String name) throws IOException {
        Path base = Path.of(System.getProperty("labctl.work", "target/it")).toAbsolutePath();
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, name + "-");
        ScratchCleanup.created(dir);
        return dir;
    }

    public static String javaHome() {
        return System.getProperty("java.home");
    }
}
