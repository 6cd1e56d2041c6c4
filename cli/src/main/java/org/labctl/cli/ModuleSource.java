package org.labctl.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What {@code labctl modules add SOURCE} uploads: a module's directory zipped (its {@code module.yaml},
 * {@code features.xml} and the jars beside them; nothing in folders below), with the SHA-256 of each file, where it
 * came from and, for git, the commit. A SOURCE is
 * <ul>
 *   <li>a directory (recorded as {@code upload:dir});</li>
 *   <li>a {@code .zip} or {@code .kar} holding the directory, sent as it is ({@code upload:zip}, {@code upload:kar});</li>
 *   <li>{@code git+file://PATH@REF} or {@code git+https://URL@REF}: labctl clones the repository with the real
 *       {@code git}, resolves REF (a tag, a branch or a commit) to the commit, checks it out and uploads the module
 *       directory of that tree (the repository's top, or {@code --path DIR} in it): the repository holds the built
 *       module, module.yaml and its jars.</li>
 * </ul>
 *
 * @param zip     the archive to send
 * @param digests the SHA-256 of each file in it, by name (empty for an archive sent as it is: labd computes them)
 * @param source  how labd records where it came from
 * @param commit  the git commit, or null
 */
public record ModuleSource(byte[] zip, Map<String, String> digests, String source, String commit) {

    /** The most bytes of a module's files (labd takes no more). */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final long GIT_TIMEOUT_SECONDS = 300;

    /**
     * Reads SOURCE.
     *
     * @param path the module's directory inside a git repository ({@code --path}), or null for its top
     * @throws LabctlException exit 4 when a directory, file, repository or REF is not there, 2 when SOURCE is not one
     *                         of the forms or the directory is not a module's, 1 when git fails otherwise
     */
    public static ModuleSource read(String source, String path) {
        if (source.startsWith("git+")) {
            return git(source, path);
        }
        if (path != null) {
            throw new LabctlException(ExitCode.USAGE, "--path is for a git SOURCE (git+file://PATH@REF): give the module's "
                    + "directory itself instead");
        }
        Path local = Path.of(source);
        if (Files.isDirectory(local)) {
            return directory(local, "upload:dir", null);
        }
        if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new LabctlException(ExitCode.NOT_FOUND, source + ": no such directory or file; SOURCE is a module's directory, "
                    + "a .zip or .kar of it, or git+file://PATH@REF / git+https://URL@REF");
        }
        String lower = source.toLowerCase(java.util.Locale.ROOT);
        if (!Files.isRegularFile(local) || !(lower.endsWith(".zip") || lower.endsWith(".kar"))) {
            throw new LabctlException(ExitCode.USAGE, source + " is neither a module's directory nor a .zip or .kar of one");
        }
        try {
            if (Files.size(local) > MAX_BYTES + 1024 * 1024) {
                throw new LabctlException(ExitCode.ERROR, source + " is larger than labd takes (a module is at most 64 MiB)");
            }
            return new ModuleSource(Files.readAllBytes(local), Map.of(), lower.endsWith(".kar") ? "upload:kar" : "upload:zip", null);
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The name module.yaml gives (at the archive's top or in its one folder), read as labctl reads YAML; labd checks
     * the whole of it.
     *
     * @throws LabctlException exit 2 when the archive has no readable module.yaml with a name
     */
    public String moduleName() {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                if (name.equals("module.yaml") || name.matches("[^/]+/module\\.yaml")) {
                    byte[] yaml = in.readNBytes(256 * 1024);
                    Object read = org.labctl.cli.Mappers.yaml().readValue(yaml, Object.class);
                    if (read instanceof Map<?, ?> map && map.get("name") instanceof String module) {
                        return module;
                    }
                    break;
                }
            }
        } catch (IOException e) {
            throw new LabctlException(ExitCode.USAGE, source + ": module.yaml cannot be read: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        throw new LabctlException(ExitCode.USAGE, source + " holds no module.yaml with a name");
    }

    /** The module's files in a directory, zipped, with their digests. */
    static ModuleSource directory(Path directory, String source, String commit) {
        Path descriptor = directory.resolve("module.yaml");
        if (!Files.exists(descriptor, LinkOption.NOFOLLOW_LINKS)) {
            throw new LabctlException(ExitCode.USAGE, directory + " holds no module.yaml: a module's directory holds its "
                    + "module.yaml, its jars and optionally features.xml");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.filter(ModuleSource::isModuleFile).sorted(Comparator.comparing(Path::toString)).forEach(files::add);
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot read " + directory + ": " + e.getMessage(), e);
        }
        Map<String, String> digests = new LinkedHashMap<>();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        long total = 0;
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new LabctlException(ExitCode.USAGE, file + " is not a plain file (a symbolic link?): a module's files "
                            + "are plain files in its directory");
                }
                byte[] bytes = Files.readAllBytes(file);
                total += bytes.length;
                if (total > MAX_BYTES) {
                    throw new LabctlException(ExitCode.ERROR, directory + ": the module's files are larger than labd takes "
                            + "(64 MiB)");
                }
                digests.put(name, sha256(bytes));
                out.putNextEntry(new ZipEntry(name));
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot read " + directory + ": " + e.getMessage(), e);
        }
        return new ModuleSource(zip.toByteArray(), digests, source, commit);
    }

    /** module.yaml, features.xml and the jars: what a module's directory may hand labd. */
    private static boolean isModuleFile(Path file) {
        String name = file.getFileName().toString();
        return name.equals("module.yaml") || name.equals("features.xml") || (name.endsWith(".jar") && !name.startsWith("."));
    }

    private static ModuleSource git(String source, String path) {
        String rest = source.substring("git+".length());
        if (!rest.startsWith("file://") && !rest.startsWith("https://")) {
            throw new LabctlException(ExitCode.USAGE, source + ": labctl clones git+file://PATH@REF and git+https://URL@REF");
        }
        int at = rest.lastIndexOf('@');
        if (at < rest.indexOf("://") + 3 || at == rest.length() - 1) {
            throw new LabctlException(ExitCode.USAGE, source + ": say which tag, branch or commit to add: " + source + "@v1");
        }
        String url = rest.substring(0, at);
        String ref = rest.substring(at + 1);
        if (ref.startsWith("-") || ref.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new LabctlException(ExitCode.USAGE, source + ": " + ref + " is not a git tag, branch or commit");
        }
        if (path != null && (Path.of(path).isAbsolute() || Path.of(path).normalize().startsWith(".."))) {
            throw new LabctlException(ExitCode.USAGE, "--path " + path + " is not a directory inside the repository");
        }
        Path clone;
        try {
            clone = Files.createTempDirectory("labctl-module-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Git git = new Git(clone);
            Git.Result cloned = git.run(List.of("clone", "--quiet", "--no-checkout", "--", url, clone.resolve("tree").toString()));
            if (cloned.exitCode() != 0) {
                boolean missing = url.startsWith("file://") && !Files.exists(Path.of(java.net.URI.create(url.replace(" ", "%20")).getPath()));
                throw new LabctlException(missing ? ExitCode.NOT_FOUND : ExitCode.ERROR, "cannot clone " + url + ": "
                        + cloned.firstLine() + (missing ? " (no such repository)" : ""));
            }
            Path tree = clone.resolve("tree");
            String commit = null;
            for (String candidate : List.of(ref, "origin/" + ref)) {
                Git.Result resolved = git.run(List.of("-C", tree.toString(), "rev-parse", "--verify", "--quiet", candidate + "^{commit}"));
                if (resolved.exitCode() == 0) {
                    commit = resolved.output().strip();
                    break;
                }
            }
            if (commit == null) {
                throw new LabctlException(ExitCode.NOT_FOUND, url + " has no tag, branch or commit " + ref);
            }
            Git.Result checkout = git.run(List.of("-C", tree.toString(), "-c", "advice.detachedHead=false", "checkout", "--quiet",
                    commit));
            if (checkout.exitCode() != 0) {
                throw new LabctlException(ExitCode.ERROR, "cannot check out " + ref + " of " + url + ": " + checkout.firstLine());
            }
            Path module = path == null ? tree : tree.resolve(path).normalize();
            if (!module.startsWith(tree) || !Files.isDirectory(module, LinkOption.NOFOLLOW_LINKS)) {
                throw new LabctlException(ExitCode.NOT_FOUND, url + "@" + ref + " has no directory " + path);
            }
            return directory(module, source, commit);
        } finally {
            delete(clone);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** The real git, without prompts. */
    private record Git(Path work) {

        record Result(int exitCode, String output) {
            String firstLine() {
                return output.lines().filter(line -> !line.isBlank()).findFirst().orElse("git failed (exit " + exitCode + ")")
                        .replaceFirst("^fatal: ", "");
            }
        }

        Result run(List<String> arguments) {
            List<String> command = new ArrayList<>(List.of("git", "-c", "core.symlinks=true", "-c", "protocol.allow=never",
                    "-c", "protocol.file.allow=always", "-c", "protocol.https.allow=always"));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            builder.environment().put("GIT_ASKPASS", "/bin/false");
            try {
                Process process = builder.start();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new LabctlException(ExitCode.TIMEOUT, "git " + arguments.get(0) + " did not end within "
                            + GIT_TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new LabctlException(ExitCode.ERROR, "cannot run git (is it installed?): " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabctlException(ExitCode.INTERRUPTED, "interrupted while git ran", e);
            }
        }
    }
}
