package org.labctl.tests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real lab-agent from its distribution, as a separate process: enrolled with a join token, then
 * run (bin/lab-agent run) with its own data directory and a log file.
 */
public final class AgentProcess implements AutoCloseable {

    private final Path home;
    private final Path data;
    private final String name;
    private Process process;

    private AgentProcess(Path home, Path data, String name) {
        this.home = home;
        this.data = data;
        this.name = name;
    }

    /** Unpacks the agent distribution into {@code dir/lab-agent} once; returns that directory. */
    public static Path unpack(Path dir) {
        Path home = dir.resolve("lab-agent");
        if (Files.exists(home.resolve("bin/lab-agent"))) {
            return home;
        }
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Commands.Result tar = Commands.run(dir, Map.of(), 120, List.of("tar", "xzf", Repo.agentDistribution().toString(),
                "-C", home.toString(), "--strip-components=1"));
        if (tar.exitCode() != 0) {
            throw new IllegalStateException("cannot unpack the agent distribution: " + tar);
        }
        return home;
    }

    /** Enrolls server {@code name} with a new one-time token from {@code labd}'s admin; data in {@code dir/agent-<name>}. */
    public static AgentProcess enroll(Path dir, LabdProcess labd, String name) {
        Http.Response token = labd.admin().postUnchecked(labd.url("/api/v1/tokens"), "{}");
        if (token.status() != 201) {
            throw new AssertionError("no token: " + token.status() + " " + token.body());
        }
        return enroll(dir, labd, name, Json.tree(token.body()).path("token").asText());
    }

    public static AgentProcess enroll(Path dir, LabdProcess labd, String name, String token) {
        Path home = unpack(dir);
        Path data = dir.resolve("agent-" + name);
        Commands.Result enrolled = Commands.run(dir, Map.of("JAVA_HOME", Repo.javaHome()), 60, List.of(
                home.resolve("bin/lab-agent").toString(), "enroll", "--server", labd.url(""), "--token", token, "--name", name,
                "--data", data.toString()));
        if (enrolled.exitCode() != 0) {
            throw new AssertionError("lab-agent enroll " + name + " failed: " + enrolled);
        }
        return new AgentProcess(home, data, name);
    }

    /** Starts {@code lab-agent run} (heartbeat every second); the log goes to {@link #logFile()}. */
    public AgentProcess start() {
        return start(List.of());
    }

    /** {@link #start()} with more options of {@code lab-agent run}, such as {@code --log-dir DIR} or {@code --heartbeat S}. */
    public AgentProcess start(List<String> options) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("agent " + name + " already runs");
        }
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/lab-agent").toString(), "run", "--data",
                data.toString()));
        if (!options.contains("--heartbeat")) {
            command.addAll(List.of("--heartbeat", "1"));
        }
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JAVA_HOME", Repo.javaHome());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public String name() {
        return name;
    }

    public Path data() {
        return data;
    }

    public Path logFile() {
        return data.resolveSibling("agent-" + name + ".log");
    }

    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agent's JVM (bin/lab-agent execs java). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the agent gets no chance to clean up. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
    }
}
