package org.labctl.agent.modules.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.labctl.agent.modules.testmodule.MarkerActivator;

/**
 * Bundles for the tests, built in the test: the classes of {@code org.labctl.agent.modules.testmodule}
 * (compiled with the tests) with a hand-written manifest, so that each test module is a real bundle the
 * framework resolves, starts and wires to the agent's {@code org.labctl.api.module}.
 */
final class TestBundles {

    private static final String PACKAGE = "org/labctl/agent/modules/testmodule/";

    private TestBundles() {
    }

    /** A bundle registering module {@code module}'s {@link org.labctl.agent.modules.testmodule.MarkerModule}. */
    static byte[] module(String module, String version, String... extraImports) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "test." + module);
        main.putValue("Bundle-Version", version);
        main.putValue("Bundle-Activator", MarkerActivator.class.getName());
        main.putValue("Import-Package", String.join(",", Stream.concat(
                Stream.of("org.labctl.api.module;version=\"[1.0,2)\"", "org.osgi.framework"), Stream.of(extraImports)).toList()));
        main.putValue("Marker-Module", module);
        main.putValue("Marker-Version", version);
        return jar(manifest);
    }

    /** A bundle with no classes that exports a package (a library a module's other bundle may need) and imports others. */
    static byte[] library(String symbolicName, String version, String exportPackage, String... importPackages) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Export-Package", exportPackage);
        if (importPackages.length > 0) {
            main.putValue("Import-Package", String.join(",", importPackages));
        }
        return jar(manifest);
    }

    private static byte[] jar(Manifest manifest) {
        try {
            Path classes = Path.of(MarkerActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(PACKAGE);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(bytes, manifest); Stream<Path> files = Files.list(classes)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    jar.putNextEntry(new JarEntry(PACKAGE + file.getFileName()));
                    jar.write(Files.readAllBytes(file));
                    jar.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of a list of bundles, for messages. */
    static String names(List<org.osgi.framework.Bundle> bundles) {
        return bundles.stream().map(b -> b.getSymbolicName() + " " + b.getVersion() + " @" + b.getLocation()).toList().toString();
    }
}
