package org.labctl.pulumi.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stack's scratch directory on the instance that runs the engine: the project ({@code Pulumi.yaml} written by labd,
 * the program's jar, the stack's settings) and a file backend holding the stack's checkpoint. Both are written from
 * the database before a run and read back after it, so any labd instance can run any stack.
 *
 * @param project   the project directory (the engine's working directory)
 * @param backend   the file backend ({@code file://} URL of the engine)
 * @param projectName the Pulumi project
 * @param stackName the engine's stack name (the environment's)
 * @param archives  the class data archives of programs' JVMs, one directory for every stack: an archive names the jar
 *                  by its path, which is the program store's, so every stack of a program (each release of an app)
 *                  maps the same archive
 */
record StackWorkspace(Path project, Path backend, String projectName, String stackName, Path archives) {

    static StackWorkspace at(Path root, String cloud, String environment, String stack, String project) {
        Path dir = root.resolve("stacks").resolve(cloud).resolve(environment).resolve(stack);
        return new StackWorkspace(dir.resolve("project"), dir.resolve("state"), project, environment, root.resolve("cds"));
    }

    /**
     * Writes the project: Pulumi.yaml (a Java program run from its jar where the program store keeps it, the same file
     * from run to run, as class data sharing wants; plugins from {@code bin}).
     */
    void prepare(Path bin, Path programJar) {
        try {
            Files.createDirectories(project);
            Files.createDirectories(backend.resolve(".pulumi"));
            StringBuilder yaml = new StringBuilder()
                    .append("name: ").append(projectName).append('\n')
                    .append("runtime:\n  name: java\n  options:\n    binary: ").append(quoted(programJar.toAbsolutePath()))
                    .append('\n')
                    .append("plugins:\n  languages:\n    - name: java\n      path: ").append(quoted(bin)).append('\n');
            List<String> providers = providers(bin);
            if (!providers.isEmpty()) {
                yaml.append("  providers:\n");
                for (String provider : providers) {
                    yaml.append("    - name: ").append(provider).append("\n      path: ").append(quoted(bin)).append('\n');
                }
            }
            write(project.resolve("Pulumi.yaml"), yaml.toString());
            // a lock an engine left behind when its process died; labd's own lock (one run per stack) is in the database
            deleteTree(backend.resolve(".pulumi").resolve("locks"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack's project in " + project, e);
        }
    }

    /** The providers in {@code bin}: {@code pulumi-resource-kubernetes} is {@code kubernetes}. */
    static List<String> providers(Path bin) throws IOException {
        try (Stream<Path> files = Files.list(bin)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("pulumi-resource-"))
                    .map(n -> n.substring("pulumi-resource-".length())).sorted().toList();
        }
    }

    Path settingsFile() {
        return project.resolve("Pulumi." + stackName + ".yaml");
    }

    Path stateFile() {
        return backend.resolve(".pulumi").resolve("stacks").resolve(projectName).resolve(stackName + ".json");
    }

    String settings() {
        return readOrNull(settingsFile());
    }

    String state() {
        return readOrNull(stateFile());
    }

    /** Puts the stack's stored settings and checkpoint in place (the checkpoint only when it differs). */
    void restore(String settings, String state) {
        try {
            write(settingsFile(), settings);
            if (!state.equals(state())) {
                Files.createDirectories(stateFile().getParent());
                write(backend.resolve(".pulumi").resolve("meta.yaml"), "version: 1\n");
                write(stateFile(), state);
                Files.deleteIfExists(stateFile().resolveSibling(stackName + ".json.attrs"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack's state in " + backend, e);
        }
    }

    /** Forgets the scratch copy: the database holds the stack. */
    void delete() {
        try {
            deleteTree(project.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }

    private static void write(Path file, String text) throws IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(fresh, text, StandardCharsets.UTF_8);
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String readOrNull(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
