package org.labctl.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabctlException;
import org.labctl.cli.Mappers;

/**
 * A Pulumi program as {@code -f} names it: a project directory (its {@code Pulumi.yaml} with {@code runtime: java} and
 * {@code options.binary}, the jar the program is built into) or the jar itself. labd runs the jar; this reads which it
 * is, its project name, its version (the jar's {@code Implementation-Version}) and its SHA-256.
 */
record PulumiProgram(String project, String version, Path jar, long size, String sha256) {

    /** The largest jar labctl sends (labd takes up to 64 MiB, its upload.max.bytes). */
    static final long MAX_JAR = 64L * 1024 * 1024;
    private static final Pattern VERSIONED = Pattern.compile("(.+?)-\\d[\\w.]*");

    static PulumiProgram load(Path path, String projectOption) {
        if (!Files.exists(path)) {
            throw new LabctlException(ExitCode.ERROR, path + " does not exist: -f takes a Pulumi project directory (its "
                    + "Pulumi.yaml names the program's jar) or the jar");
        }
        String project = projectOption;
        Path jar = path;
        if (Files.isDirectory(path)) {
            Path yaml = path.resolve("Pulumi.yaml");
            if (!Files.isRegularFile(yaml)) {
                throw new LabctlException(ExitCode.USAGE, path + " has no Pulumi.yaml: -f takes a Pulumi project directory "
                        + "or the program's jar");
            }
            JsonNode settings;
            try {
                settings = Mappers.yaml().readTree(yaml.toFile());
            } catch (IOException e) {
                throw new LabctlException(ExitCode.USAGE, yaml + " cannot be read: " + e.getMessage(), e);
            }
            JsonNode runtime = settings.path("runtime");
            String language = runtime.isTextual() ? runtime.asText() : runtime.path("name").asText("");
            String binary = runtime.path("options").path("binary").asText("");
            if (!"java".equals(language) || binary.isEmpty()) {
                throw new LabctlException(ExitCode.USAGE, yaml + ": labd runs Java programs built into a jar: give it "
                        + "runtime: {name: java, options: {binary: target/app.jar}} (found runtime " + runtime + ")");
            }
            if (project == null) {
                project = settings.path("name").asText(null);
            }
            jar = path.resolve(binary);
            if (!Files.isRegularFile(jar)) {
                throw new LabctlException(ExitCode.USAGE, jar + " (Pulumi.yaml's options.binary) does not exist: build the "
                        + "program first (mvn package)");
            }
        } else if (project == null) {
            String file = path.getFileName().toString().replaceFirst("\\.jar$", "");
            Matcher versioned = VERSIONED.matcher(file);
            project = versioned.matches() ? versioned.group(1) : file;
        }
        try {
            long size = Files.size(jar);
            if (size > MAX_JAR) {
                throw new LabctlException(ExitCode.USAGE, jar + " is " + (size >> 20) + " MiB; labd takes programs of at "
                        + "most " + (MAX_JAR >> 20) + " MiB");
            }
            String version;
            try (JarFile file = new JarFile(jar.toFile())) {
                if (file.getManifest() == null || file.getManifest().getMainAttributes().getValue("Main-Class") == null) {
                    throw new LabctlException(ExitCode.USAGE, jar + " names no Main-Class: build the program as a runnable "
                            + "jar (the shade plugin, as the README shows)");
                }
                version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
            } catch (IOException e) {
                throw new LabctlException(ExitCode.USAGE, jar + " is not a jar: " + e.getMessage(), e);
            }
            // the digest streamed: the jar is read whole only when labd does not have it yet (content())
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (java.io.InputStream in = Files.newInputStream(jar)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return new PulumiProgram(project, version, jar, size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot read " + jar + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar's bytes, to send. */
    byte[] content() {
        try {
            return Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    /** The stack a program goes to unless --stack says otherwise: its project's name, as labd names things. */
    String defaultStack() {
        String name = project.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
    }
}
