package org.labctl.pulumi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Pulumi engine as labd runs it: the {@code pulumi} CLI from one directory (with its Java language host and
 * resource providers), offline (no update checks, no plugin downloads), a file backend per stack, and the stack's
 * passphrase in the process's environment only. This is what Pulumi's Automation API does from a program; labd does it
 * from its own process, since the Automation API's jar is no OSGi bundle and a JVM per run would cost a second.
 */
final class PulumiEngine {

    /**
     * The {@code java} the language host finds first on the PATH: the JDK's own, with class data sharing per program.
     * A program's first run on an instance dumps the classes its JVMs loaded (one archive for the language host's
     * {@code packages} query, one for the program); later runs map them and start in about half the time. C1 alone
     * and the serial collector suit JVMs that live for seconds. JVM logging is off: the language host reads the
     * {@code packages} JVM's standard output as JSON.
     */
    private static final String JAVA_LAUNCHER = """
            #!/bin/sh
            # written by labd (org.labctl.pulumi): the java that runs Pulumi programs, with class data sharing per program
            case " $* " in
                *" com.pulumi.bootstrap.internal.Main "*) mode=packages ;;
                *" -jar "*) mode=program ;;
                *) exec "$LABD_JAVA" "$@" ;;
            esac
            [ -n "$LABD_PROGRAM" ] || exec "$LABD_JAVA" "$@"
            options="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=error:stderr"
            archive="$LABD_CDS_DIR/$LABD_PROGRAM-$mode.jsa"
            if [ -f "$archive" ]; then
                exec "$LABD_JAVA" -XX:SharedArchiveFile="$archive" -Xshare:auto $options "$@"
            fi
            "$LABD_JAVA" -XX:ArchiveClassesAtExit="$archive.$$" $options "$@"
            status=$?
            if [ $status -eq 0 ] && [ -s "$archive.$$" ]; then /bin/mv -f "$archive.$$" "$archive"; fi
            /bin/rm -f "$archive.$$"
            exit $status
            """;

    private final Path bin;
    private final Path home;
    private final Path launcher;

    PulumiEngine(Path bin, Path root) {
        this.bin = bin;
        this.home = root.resolve("home");
        this.launcher = root.resolve("java");

    }

    /** Writes the java launcher and the archives' directory. */
    void install() {
        try {
            Files.createDirectories(launcher);
            Path script = launcher.resolve("java");
            Path fresh = launcher.resolve("java.new");
            Files.writeString(fresh, JAVA_LAUNCHER, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(fresh, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(fresh, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write labd's java launcher in " + launcher, e);
        }
    }

    Path bin() {
        return bin;
    }

    /**
     * The engine's directory: {@code configured}, else {@code $LABCTL_PULUMI_BIN}, else where {@code pulumi} is on the
     * PATH; null when none has the CLI.
     */
    static Path locate(String configured) {
        List<String> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured.trim());
        } else {
            String env = System.getenv("LABCTL_PULUMI_BIN");
            if (env != null && !env.isBlank()) {
                candidates.add(env.trim());
            }
            String path = System.getenv("PATH");
            if (path != null) {
                candidates.addAll(List.of(path.split(":")));
            }
        }
        for (String candidate : candidates) {
            if (!candidate.isEmpty() && Files.isExecutable(Path.of(candidate, "pulumi"))) {
                return Path.of(candidate).toAbsolutePath();
            }
        }
        return null;
    }

    /** A {@code pulumi} command on the stack of {@code workspace}. */
    ProcessBuilder command(StackWorkspace workspace, String passphrase, Path kubeconfig, List<String> args) {
        return command(workspace, passphrase, kubeconfig, null, args);
    }

    /**
     * A {@code pulumi} command on the stack of {@code workspace} that runs the program {@code program} (its SHA-256),
     * whose JVMs share their classes from one run to the next.
     */
    ProcessBuilder command(StackWorkspace workspace, String passphrase, Path kubeconfig, String program, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve("pulumi").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.project().toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        // the language host runs the program with the java on the PATH: labd's launcher of labd's own JDK,
        String java = System.getProperty("java.home");
        // and nothing else: the language host asks every java build tool on the PATH for its version (mvn alone costs
        // a JVM start), and a program run from its jar needs none
        env.put("PATH", launcher + ":" + bin);
        env.put("LABD_JAVA", Path.of(java, "bin", "java").toString());
        if (program != null) {
            env.put("LABD_CDS_DIR", workspace.archives().toString());
            // an archive belongs to one program on one JDK
            env.put("LABD_PROGRAM", program + "-" + System.getProperty("java.vm.version").replaceAll("[^A-Za-z0-9.+_-]", "_"));
        }
        env.put("HOME", home.toString());
        env.put("PULUMI_HOME", home.toString());
        env.put("PULUMI_BACKEND_URL", workspace.backend().toUri().toString());
        env.put("PULUMI_CONFIG_PASSPHRASE", passphrase);
        env.put("PULUMI_SKIP_UPDATE_CHECK", "true");
        env.put("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true");
        env.put("PULUMI_IGNORE_AMBIENT_PLUGINS", "true");
        // --event-log, the structured events the Automation API reads too, is a flag of the debug commands
        env.put("PULUMI_DEBUG_COMMANDS", "true");
        env.put("NO_COLOR", "1");
        if (kubeconfig != null) {
            env.put("KUBECONFIG", kubeconfig.toString());
        }
        env.put("JAVA_HOME", java);
        return builder;
    }

    /**
     * Runs a short command ({@code stack init}, {@code config set --secret}) to its end, with {@code stdin} as its
     * input; its output when it succeeds.
     *
     * @throws IllegalStateException with the engine's words when it fails
     */
    String runShort(ProcessBuilder builder, String stdin, String what) {
        try {
            Files.createDirectories(home);
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the engine did not " + what + " within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the engine could not " + what + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the engine (" + bin.resolve("pulumi") + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine was asked to " + what, e);
        }
    }

    /** Asks the engine to stop gracefully (SIGINT, as Ctrl-C does): it finishes the steps under way and records them. */
    static void interrupt(Process process) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
