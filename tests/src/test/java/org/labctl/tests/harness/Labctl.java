package org.labctl.tests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real CLI (bin/labctl) with a config, run to completion or started in the background. */
public final class Labctl {

    private final Path config;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();

    public Labctl(Path dir, Path config) {
        this.dir = dir;
        this.config = config;
    }

    public Labctl env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Repo.root().resolve("bin/labctl").toString(), "--config", config.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs to completion with stdin from /dev/null. */
    public Commands.Result run(String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("JAVA_HOME", Repo.javaHome());
        return Commands.run(dir, all, 120, command(args));
    }

    /** Runs to completion with {@code stdin} as its input. */
    public Commands.Result run(byte[] stdin, String... args) {
        try {
            Path in = Files.createTempFile(dir, "stdin-", ".bin");
            Files.write(in, stdin);
            try {
                Started started = start(in, args);
                return started.await(120);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts in the background, stdin from {@code stdin} (null: /dev/null). */
    public Started start(Path stdin, String... args) {
        try {
            Path out = Files.createTempFile(dir, "labctl-", ".out");
            Path err = Files.createTempFile(dir, "labctl-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command(args)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new java.io.File("/dev/null") : stdin.toFile()));
            builder.environment().putAll(env);
            builder.environment().putIfAbsent("JAVA_HOME", Repo.javaHome());
            return new Started(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A labctl running in the background. */
    public record Started(Process process, Path out, Path err) {

        public String stdout() {
            return read(out);
        }

        public String stderr() {
            return read(err);
        }

        public Commands.Result await(long seconds) {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("labctl did not finish within " + seconds + " s; stdout:\n" + stdout()
                            + "\nstderr:\n" + stderr());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Commands.Result(process.exitValue(), stdout(), stderr());
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
