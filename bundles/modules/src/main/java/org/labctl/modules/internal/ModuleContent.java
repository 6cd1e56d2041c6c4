package org.labctl.modules.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labctl.api.Conflict;
import org.labctl.api.Failure;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabException;
import org.labctl.api.module.ArtifactDigest;
import org.labctl.modules.ModuleDescriptor;

/**
 * A module's files in memory, as labd received them, checked as {@link org.labctl.modules.ModuleDirectory} checks a
 * directory: its descriptor, and in order {@code module.yaml}, the agent bundles (each a jar), and for a labd side
 * {@code features.xml} and the bundles it names (each a file of the module: labd installs nothing it has not
 * pinned). Files of the directory that are none of these are left out ({@link #ignored}).
 *
 * @param descriptor what its module.yaml says
 * @param files      its files by name, in that order, with their bytes (unmodifiable)
 * @param digests    each file's SHA-256, in the same order (unmodifiable)
 * @param ignored    the names of the other files received, which labd does not keep
 */
public record ModuleContent(ModuleDescriptor descriptor, Map<String, byte[]> files, Map<String, String> digests,
                            List<String> ignored) {

    private static final byte[] ZIP = {'P', 'K', 3, 4};

    public ModuleContent {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        digests = Collections.unmodifiableMap(new LinkedHashMap<>(digests));
        ignored = List.copyOf(ignored);
    }

    /**
     * The module in {@code received} (file name to bytes, as {@link ModuleArchive#read} gives them).
     *
     * @throws InvalidArgument when module.yaml is missing or wrong, a file it lists is missing or not a jar, the
     *                         labd side is incomplete, or the files are larger than a module may be (413)
     */
    public static ModuleContent of(Map<String, byte[]> received) {
        byte[] yaml = received.get(ModuleDescriptor.FILE);
        if (yaml == null) {
            throw new InvalidArgument(ModuleDescriptor.FILE + ": missing; a module's directory holds its module.yaml");
        }
        if (yaml.length > ModuleDescriptor.MAX_SIZE) {
            throw new InvalidArgument(ModuleDescriptor.FILE + " is more than " + ModuleDescriptor.MAX_SIZE + " bytes; at most "
                    + ModuleDescriptor.MAX_SIZE + " (64 KiB) are read");
        }
        ModuleDescriptor descriptor = ModuleDescriptor.parse(yaml);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ModuleDescriptor.FILE, yaml);
        List<String> bundles = descriptor.agentBundles();
        for (int i = 0; i < bundles.size(); i++) {
            String field = "agent.bundles[" + i + "]";
            files.put(bundles.get(i), jar(received, bundles.get(i), ModuleDescriptor.FILE + ": " + field));
        }
        byte[] features = received.get(ModuleDescriptor.FEATURES_FILE);
        if (descriptor.labdFeature() != null) {
            if (features == null) {
                throw new InvalidArgument(ModuleDescriptor.FILE + ": labd.feature: " + ModuleDescriptor.FEATURES_FILE
                        + " is not in the module's directory");
            }
            LabdFeatures labd = LabdFeatures.parse(features, descriptor.labdFeature());
            files.put(ModuleDescriptor.FEATURES_FILE, features);
            for (String bundle : labd.bundles()) {
                if (!files.containsKey(bundle)) {
                    files.put(bundle, jar(received, bundle, ModuleDescriptor.FEATURES_FILE + ": bundle " + bundle));
                }
            }
        } else if (features != null) {
            throw new InvalidArgument(ModuleDescriptor.FILE + ": the directory holds " + ModuleDescriptor.FEATURES_FILE
                    + ", but labd.feature names no feature in it; name it (labd: {feature: NAME}) or remove the file");
        }
        long total = 0;
        Map<String, String> digests = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            total += file.getValue().length;
            digests.put(file.getKey(), ArtifactDigest.sha256(file.getValue()));
        }
        if (total > ModuleArchive.MAX_BYTES) {
            throw LabException.of(Failure.PAYLOAD_TOO_LARGE, "module " + descriptor.id() + " is " + total
                    + " bytes; a module's files are at most " + ModuleArchive.MAX_BYTES + " bytes (64 MiB)");
        }
        List<String> ignored = new ArrayList<>();
        received.keySet().stream().filter(name -> !files.containsKey(name)).sorted().forEach(ignored::add);
        return new ModuleContent(descriptor, files, digests, ignored);
    }

    /**
     * Checks the digests the sender computed of what it sent (file to SHA-256): each named file must be one of the
     * module's, with that digest.
     *
     * @throws Conflict        naming a file whose digest differs (it changed on the way, or is not what was pinned)
     * @throws InvalidArgument naming a file the module does not have, or a digest that is not a SHA-256
     */
    public void verify(Map<String, String> expected) {
        for (Map.Entry<String, String> pin : expected.entrySet()) {
            String actual = digests.get(pin.getKey());
            if (actual == null) {
                throw new InvalidArgument("a digest is given for " + Text.quote(pin.getKey()) + ", which is not a file of module "
                        + descriptor.name() + " (its files: " + String.join(", ", digests.keySet()) + ")");
            }
            ArtifactDigest.verify(pin.getKey(), ArtifactDigest.normalize("the digest of " + pin.getKey(), pin.getValue()), actual);
        }
    }

    /** The total size of its files in bytes. */
    public long size() {
        return files.values().stream().mapToLong(bytes -> bytes.length).sum();
    }

    private static byte[] jar(Map<String, byte[]> received, String name, String where) {
        byte[] bytes = received.get(name);
        if (bytes == null) {
            throw new InvalidArgument(where + ": " + name + " is not in the module's directory");
        }
        if (bytes.length < ZIP.length || !Arrays.equals(Arrays.copyOf(bytes, ZIP.length), ZIP)) {
            throw new InvalidArgument(where + ": " + name + " is not a jar (a zip file); build the bundle and list its jar");
        }
        return bytes;
    }
}
