package org.labctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import org.labctl.cli.command.VerbCommand;

/**
 * The training run bin/labctl uses to build its class-data archive (Java 17 AppCDS) or AOT cache
 * (Java 25): it runs, in one JVM, the commands whose start-up matters most. Those that contact
 * labd talk to a {@link TrainingLabd} on 127.0.0.1, never to a real server, so that creating the
 * archive works offline and has no side effects; when that stand-in cannot start, they are left
 * out and the archive holds the rest.
 */
public final class StartupTraining {

    /** Far more than the stand-in needs, and a bound on the training should it stop answering. */
    private static final String REQUEST_TIMEOUT = "10s";

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("labctl-training");
        Path config = home.resolve("training.labctl.yaml");
        try {
            Files.writeString(config, "server: https://127.0.0.1:8443\nuser: training\n");
            run(home, List.of(
                    List.of("version", "--client"),
                    List.of("version", "--client", "-o", "json"),
                    List.of("--help"),
                    List.of("status", "--help"),
                    List.of("version", "--help"),
                    List.of("get", "users", "--help"),
                    List.of("get", "tokens", "--help"),
                    List.of("exec", "--help"),
                    List.of("config", "view", "--config", config.toString()),
                    List.of("no-such-command")));
            contactTrainingLabd(home);
        } finally {
            Files.deleteIfExists(config);
            Files.deleteIfExists(home);
        }
    }

    /**
     * Runs the commands that contact labd against a {@link TrainingLabd}: the TLS handshake, the
     * HTTP client and the reading of labd's JSON are most of their start-up. Nothing here fails
     * the training: without the stand-in, these commands are only slower to start.
     */
    private static void contactTrainingLabd(Path home) {
        TrainingLabd labd;
        try {
            labd = TrainingLabd.start(home);
        } catch (IOException | GeneralSecurityException | RuntimeException cannotStart) {
            return;
        }
        try (labd) {
            String config = labd.config().toString();
            run(home, List.of(
                    List.of("status", "--config", config, "--request-timeout", REQUEST_TIMEOUT),
                    List.of("version", "--config", config, "--request-timeout", REQUEST_TIMEOUT),
                    List.of("get", "servers", "--config", config, "--request-timeout", REQUEST_TIMEOUT),
                    List.of("get", "servers", "-o", "json", "--config", config, "--request-timeout", REQUEST_TIMEOUT),
                    // the exec path up to the WebSocket upgrade, which the stand-in refuses
                    List.of("exec", "-l", "rack=r1", "--config", config, "--request-timeout", REQUEST_TIMEOUT, "--", "true")));
        } catch (IOException | RuntimeException cannotCleanUp) {
            // the training's temporary directory is removed after this, and says so if it cannot be
        }
    }

    private static void run(Path home, List<List<String>> commandLines) {
        Terminal quiet = new Terminal(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                Map.of(), home);
        // every command's classes, which help and completion load, though a run builds only its own
        VerbCommand.addAllKinds(Labctl.commandLine(quiet));
        for (List<String> commandLine : commandLines) {
            String[] args = commandLine.toArray(String[]::new);
            Labctl.commandLine(quiet, args).execute(args);
        }
    }
}
