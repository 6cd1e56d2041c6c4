package org.labctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training run bin/labctl uses to build its class-data archive (Java 17 AppCDS) or AOT cache
 * (Java 25): it runs, in one JVM, the commands whose start-up matters most, and never contacts
 * a server, so that creating the archive works offline and has no side effects.
 */
public final class StartupTraining {

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("labctl-training");
        Path config = home.resolve("training.labctl.yaml");
        try {
            Files.writeString(config, "server: https://127.0.0.1:8443\nuser: training\n");
            List<List<String>> commandLines = List.of(
                    List.of("version", "--client"),
                    List.of("version", "--client", "-o", "json"),
                    List.of("--help"),
                    List.of("status", "--help"),
                    List.of("version", "--help"),
                    List.of("get", "users", "--help"),
                    List.of("get", "tokens", "--help"),
                    List.of("exec", "--help"),
                    List.of("config", "view", "--config", config.toString()),
                    List.of("no-such-command"));
            for (List<String> commandLine : commandLines) {
                Terminal quiet = new Terminal(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                        Map.of(), home);
                Labctl.commandLine(quiet).execute(commandLine.toArray(String[]::new));
            }
        } finally {
            Files.deleteIfExists(config);
            Files.deleteIfExists(home);
        }
    }
}
