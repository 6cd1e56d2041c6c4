package org.labctl.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.ArtifactDigest;
import org.labctl.modules.internal.Rules;
import org.labctl.modules.internal.Text;

/**
 * A module as a directory (the "feature directory" format; a {@code .kar} or a git commit holds the same
 * tree): its {@code module.yaml}, the agent bundles it lists and, when it names a labd feature, its
 * {@code features.xml}. These are the module's files, which labd stores, each pinned by its SHA-256; anything
 * else in the directory (sources, a README, tests) is not part of the module.
 *
 * @param descriptor what its {@code module.yaml} says
 * @param files      each file's name and SHA-256 ({@link ArtifactDigest}): {@code module.yaml}, then the agent
 *                   bundles in install order, then {@code features.xml} when there is one (unmodifiable)
 */
public record ModuleDirectory(ModuleDescriptor descriptor, Map<String, String> files) {

    private static final byte[] ZIP = {'P', 'K', 3, 4};

    public ModuleDirectory {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /**
     * Reads a module's directory: its descriptor, and the digest of each of its files, once each is there as a
     * plain file (not a link, which could lead out of the directory) and each bundle is a jar.
     *
     * @throws InvalidArgument when {@code module.yaml} is wrong, a file it lists is missing or not what it
     *                         should be, or {@code features.xml} is there without {@code labd.feature}
     */
    public static ModuleDirectory read(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgument(Text.quote(directory.toString()) + " is not a directory; a module is a directory with "
                    + ModuleDescriptor.FILE + ", its agent bundles and optionally " + ModuleDescriptor.FEATURES_FILE);
        }
        ModuleDescriptor descriptor = ModuleDescriptor.parse(Rules.readDescriptor(directory));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(ModuleDescriptor.FILE, ArtifactDigest.sha256(directory.resolve(ModuleDescriptor.FILE)));
        List<String> bundles = descriptor.agentBundles();
        for (int i = 0; i < bundles.size(); i++) {
            Path bundle = plainFile(directory, bundles.get(i), "agent.bundles[" + i + "]");
            if (!isJar(bundle)) {
                throw new InvalidArgument(ModuleDescriptor.FILE + ": agent.bundles[" + i + "]: " + bundles.get(i)
                        + " is not a jar (a zip file); build the bundle and list its jar");
            }
            files.put(bundles.get(i), ArtifactDigest.sha256(bundle));
        }
        Path features = directory.resolve(ModuleDescriptor.FEATURES_FILE);
        if (descriptor.labdFeature() != null) {
            files.put(ModuleDescriptor.FEATURES_FILE,
                    ArtifactDigest.sha256(plainFile(directory, ModuleDescriptor.FEATURES_FILE, "labd.feature")));
        } else if (Files.exists(features, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgument(ModuleDescriptor.FILE + ": the directory holds " + ModuleDescriptor.FEATURES_FILE
                    + ", but labd.feature names no feature in it; name it (labd: {feature: NAME}) or remove the file");
        }
        return new ModuleDirectory(descriptor, files);
    }

    /**
     * Checks that every file of the module in {@code directory} (where it was stored or unpacked) is still the
     * file that was pinned.
     *
     * @throws org.labctl.api.Conflict naming the file that changed, with the pinned and the actual digest
     */
    public void verify(Path directory) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = directory.resolve(file.getKey());
            if (Files.isSymbolicLink(path)) {
                throw new InvalidArgument(file.getKey() + " is a symbolic link; a module's files are plain files");
            }
            ArtifactDigest.verify(path, file.getValue());
        }
    }

    private static Path plainFile(Path directory, String name, String field) {
        Path file = directory.resolve(name);
        if (Files.isSymbolicLink(file)) {
            throw new InvalidArgument(ModuleDescriptor.FILE + ": " + field + ": " + name + " is a symbolic link; a module's "
                    + "files are plain files in its directory");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgument(ModuleDescriptor.FILE + ": " + field + ": " + name + " is not in the module's directory");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgument(ModuleDescriptor.FILE + ": " + field + ": " + name + " is not a plain file");
        }
        return file;
    }

    private static boolean isJar(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Arrays.equals(in.readNBytes(ZIP.length), ZIP);
        }
    }
}
