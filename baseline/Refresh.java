import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Records the API of a release as the baseline that the build's bnd baseline check compares every
 * bundle that exports packages with (README, "API versions and releases"). Run from the root of the
 * repository after building the release:
 *
 * <pre>
 * java baseline/Refresh.java VERSION
 * </pre>
 *
 * For each bundle built under {@code bundles/} and {@code agent/} whose manifest exports packages, it
 * writes {@code baseline/org/labctl/ARTIFACT/VERSION/ARTIFACT-VERSION.jar}: the bundle's manifest
 * (with {@code Bundle-Version: VERSION}) and its own classes, without embedded libraries or other
 * resources, which the check does not compare; with a pom and SHA-1 checksums, as a Maven repository
 * holds them. It removes the previous baseline of each and sets {@code labctl.baseline.version} in the
 * parent pom to VERSION. Same classes give the same bytes, so git shows only real changes.
 */
public final class Refresh {

    private static final String GROUP_PATH = "org/labctl";
    /** A fixed time for every entry: the jar depends on its contents alone. */
    private static final long ENTRY_TIME = 315532800000L + 86400000L; // 1980-01-02

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !args[0].matches("\\d+\\.\\d+\\.\\d+")) {
            System.err.println("usage: java baseline/Refresh.java VERSION   (the release just built, such as 0.2.0)");
            System.exit(2);
        }
        String version = args[0];
        Path root = Path.of("").toAbsolutePath();
        Path pom = root.resolve("pom.xml");
        if (!Files.isDirectory(root.resolve("baseline")) || !Files.isRegularFile(pom)) {
            System.err.println("run it from the root of the repository (where pom.xml and baseline/ are)");
            System.exit(2);
        }
        List<Path> jars = new ArrayList<>();
        for (String modules : List.of("bundles", "agent")) {
            try (Stream<Path> found = Files.find(root.resolve(modules), 3,
                    (path, attributes) -> path.getParent().getFileName().toString().equals("target")
                            && path.getFileName().toString().startsWith("org.labctl.")
                            && path.getFileName().toString().endsWith(".jar"))) {
                found.sorted().forEach(jars::add);
            }
        }
        int recorded = 0;
        for (Path jar : jars) {
            if (record(jar, root.resolve("baseline"), version)) {
                recorded++;
            }
        }
        if (recorded == 0) {
            System.err.println("no bundle that exports packages is built: build the release first (mvn -B install)");
            System.exit(1);
        }
        String parent = Files.readString(pom);
        Matcher property = Pattern.compile("<labctl\\.baseline\\.version>[^<]*</labctl\\.baseline\\.version>").matcher(parent);
        if (!property.find()) {
            System.err.println("pom.xml has no <labctl.baseline.version> property to set");
            System.exit(1);
        }
        Files.writeString(pom, property.replaceFirst("<labctl.baseline.version>" + version + "</labctl.baseline.version>"));
        System.out.println("pom.xml: labctl.baseline.version is " + version);
    }

    /** Writes the baseline of one bundle; false when it exports nothing (or is not a bundle). */
    private static boolean record(Path jar, Path repository, String version) throws IOException {
        try (JarFile bundle = new JarFile(jar.toFile())) {
            Manifest manifest = bundle.getManifest();
            Attributes main = manifest == null ? null : manifest.getMainAttributes();
            if (main == null || main.getValue("Export-Package") == null || main.getValue("Bundle-SymbolicName") == null) {
                return false;
            }
            String artifact = main.getValue("Bundle-SymbolicName").split(";")[0].strip();
            if (!jar.getFileName().toString().startsWith(artifact + "-")) {
                throw new IllegalStateException(jar + ": its Bundle-SymbolicName " + artifact + " is not its artifact");
            }
            Manifest baseline = new Manifest(manifest);
            baseline.getMainAttributes().putValue("Bundle-Version", version);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes)) {
                JarEntry manifestEntry = new JarEntry(JarFile.MANIFEST_NAME);
                manifestEntry.setTime(ENTRY_TIME);
                out.putNextEntry(manifestEntry);
                baseline.write(out);
                out.closeEntry();
                List<String> classes = new ArrayList<>();
                for (Enumeration<JarEntry> entries = bundle.entries(); entries.hasMoreElements();) {
                    String name = entries.nextElement().getName();
                    // its own classes: not those of the libraries it embeds (lib/) nor of META-INF
                    if (name.endsWith(".class") && !name.startsWith("lib/") && !name.startsWith("META-INF/")) {
                        classes.add(name);
                    }
                }
                classes.sort(null);
                for (String name : classes) {
                    JarEntry entry = new JarEntry(name);
                    entry.setTime(ENTRY_TIME);
                    out.putNextEntry(entry);
                    try (InputStream in = bundle.getInputStream(bundle.getEntry(name))) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }

            Path artifactDirectory = repository.resolve(GROUP_PATH).resolve(artifact);
            if (Files.isDirectory(artifactDirectory)) {
                try (Stream<Path> old = Files.walk(artifactDirectory)) {
                    for (Path path : old.sorted((a, b) -> b.compareTo(a)).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Path directory = Files.createDirectories(artifactDirectory.resolve(version));
            String base = artifact + "-" + version;
            write(directory.resolve(base + ".jar"), bytes.toByteArray());
            write(directory.resolve(base + ".pom"), ("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!-- the API of %s %s, recorded by baseline/Refresh.java for bnd's baseline check -->
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>org.labctl</groupId>
                      <artifactId>%s</artifactId>
                      <version>%s</version>
                    </project>
                    """).formatted(artifact, version, artifact, version).getBytes(StandardCharsets.UTF_8));
            System.out.println(repository.getParent().relativize(directory.resolve(base + ".jar")) + ": "
                    + classes(bytes.size()) + " from " + jar.getFileName());
            return true;
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        try {
            String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String classes(int size) {
        return size / 1024 + " KiB";
    }
}
