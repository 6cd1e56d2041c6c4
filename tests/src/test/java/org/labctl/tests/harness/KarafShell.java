package org.labctl.tests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * labd's Karaf shell over SSH, on a free port of its own: as the admin through the launcher
 * ({@code ./lab shell}), or as an operator through the real OpenSSH client with their key.
 */
public final class KarafShell {

    private static final String PORT_VARIABLE = "LABD_SSH_PORT";

    private final Path dir;
    private final int port = Ports.free();

    /** @param dir the scratch directory labd is unpacked in ({@code ./lab shell --data} finds the admin's key there) */
    public KarafShell(Path dir) {
        this.dir = dir;
    }

    /** {@code labd} listening for this shell's SSH connections. */
    public LabdProcess configure(LabdProcess labd) {
        return labd.env(PORT_VARIABLE, Integer.toString(port));
    }

    /** Waits until the console takes the admin's key, which the launcher registers once labd runs. */
    public void awaitAdmin() {
        Await.until(Duration.ofSeconds(180), "the SSH console to take the admin's key", () -> {
            Commands.Result roles = run(30, "lab:roles");
            if (!roles.stdout().contains("admin")) {
                throw new AssertionError("lab:roles as the admin: " + roles);
            }
            return true;
        });
    }

    /** {@code ./lab shell --data DIR COMMAND}: the launcher's way in, as the admin. */
    public Commands.Result admin(String command) {
        return run(120, command);
    }

    private Commands.Result run(int timeoutSeconds, String command) {
        return Commands.run(Repo.root(), Map.of(PORT_VARIABLE, Integer.toString(port)), timeoutSeconds,
                List.of(Repo.root().resolve("lab").toString(), "shell", "--data", dir.toString(), command));
    }

    /** The real ssh client, with {@code key}, as {@code user}. */
    public Commands.Result as(String user, Path key, String command) {
        return Commands.run(dir, Map.of(), 60, List.of("ssh", "-p", Integer.toString(port), "-i", key.toString(), "-o",
                "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", user + "@127.0.0.1", command));
    }

    /** The audit rows of the shell commands {@code user} ran (method SHELL), oldest first. */
    public static List<JsonNode> audited(LabdProcess labd, String user) throws Exception {
        JsonNode rows = Json.tree(labd.admin().get(labd.url("/api/v1/audit?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)))
                .body());
        List<JsonNode> shell = new ArrayList<>();
        rows.forEach(row -> {
            if ("SHELL".equals(row.path("method").asText())) {
                shell.add(row);
            }
        });
        return shell;
    }

    /** The last of {@code rows} for the command line {@code path}. */
    public static JsonNode last(List<JsonNode> rows, String path) {
        return rows.stream().filter(r -> path.equals(r.path("path").asText())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no audit row for " + path + " in " + rows));
    }
}
