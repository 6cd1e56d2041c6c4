package org.labctl.bastion.internal.kickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four golden kickstarts through pykickstart's {@code ksvalidator} for RHEL 9, where it is on
 * the PATH; skipped where it is not. Debian 12 does not package pykickstart; it comes from PyPI
 * ({@code pip install pykickstart}), or on a RHEL-like machine from {@code dnf install pykickstart}.
 */
class KsvalidatorTest {

    private static final String VERSION = "RHEL9";

    @TempDir
    Path dir;

    static Stream<Arguments> rolesAndModes() {
        return KickstartGoldenTest.rolesAndModes();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void ksvalidatorAcceptsIt(Role role, Mode mode) throws Exception {
        Optional<Path> ksvalidator = onPath("ksvalidator");
        assumeTrue(ksvalidator.isPresent(), "ksvalidator is not on the PATH: install pykickstart (pip install pykickstart; "
                + "Debian 12 does not package it) to validate the kickstarts with it");
        Path file = dir.resolve(Requests.fileName(role, mode));
        Files.writeString(file, Kickstart.render(Requests.of(role, mode)), UTF_8);
        Path output = dir.resolve("ksvalidator.out");
        Process process = new ProcessBuilder(ksvalidator.get().toString(), "-v", VERSION, file.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("ksvalidator did not end within 60 s");
        }
        assertEquals(0, process.exitValue(), "ksvalidator -v " + VERSION + " " + file.getFileName() + ":\n"
                + Files.readString(output, UTF_8));
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty()
                : Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                        .filter(Files::isExecutable).findFirst();
    }
}
