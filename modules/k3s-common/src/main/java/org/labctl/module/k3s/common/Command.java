package org.labctl.module.k3s.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with a deadline and tells what it printed with every secret masked, so that output can go to the
 * module's log. The child's environment is the agent's without any {@code K3S_*} or {@code INSTALL_K3S_*} variable
 * (those steer k3s's installer and k3s itself: only what the module sets reaches them), plus {@code environment}.
 */
public final class Command {

    /** What stands for a secret in output. */
    public static final String MASK = "********";
    /** The most bytes of output kept (the rest is read and dropped). */
    static final int MAX_OUTPUT = 64 * 1024;

    /**
     * How a command ended.
     *
     * @param exitCode its exit code
     * @param output   what it printed (standard output and error together), secrets masked, at most 64 KiB
     */
    public record Result(int exitCode, String output) {

        /** The last {@code lines} lines of the output, for a message. */
        public String tail(int lines) {
            String[] all = output.strip().split("\n");
            return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
        }
    }

    private Command() {
    }

    /**
     * Runs {@code command} in {@code directory} and waits for it at most {@code timeout}.
     *
     * @param secrets values that must never appear in what is returned (a token): masked as {@value #MASK}
     * @throws IOException when it cannot start, or does not end in time (it is killed, with its children, and the
     *                     message says so)
     */
    public static Result run(List<String> command, Map<String, String> environment, Path directory, Duration timeout,
                             Collection<String> secrets) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(key -> key.startsWith("K3S_") || key.startsWith("INSTALL_K3S_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(process.getInputStream(), output), "command-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s and was stopped");
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        return new Result(process.exitValue(), mask(text, secrets));
    }

    /** The text with each secret replaced by {@value #MASK}. */
    public static String mask(String text, Collection<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    /** The command as one line, for the log (arguments are never secrets: secrets go into files). */
    public static String show(List<String> command) {
        return String.join(" ", new ArrayList<>(command));
    }

    private static void drain(InputStream in, ByteArrayOutputStream into) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (into) {
                    int room = MAX_OUTPUT - into.size();
                    if (room > 0) {
                        into.write(buffer, 0, Math.min(n, room));
                    }
                }
            }
        } catch (IOException e) {
            // the stream closes under us when a command that ran out of time is stopped: its output ends there
        }
    }
}
