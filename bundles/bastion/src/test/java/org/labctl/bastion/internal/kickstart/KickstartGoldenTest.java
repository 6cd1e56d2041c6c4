package org.labctl.bastion.internal.kickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four kickstarts ({@link Requests}: worker and infra, install and reprovision) against their
 * golden files in {@code src/test/resources/kickstart/}, byte for byte, so that any change to the
 * output is seen and reviewed in the diff of those files.
 *
 * <p>After a deliberate change, rewrite them and review the diff:
 * <pre>
 * mvn -o -q install -pl bundles/bastion -Dtest='org.labctl.bastion.internal.kickstart.*Test' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dlabctl.golden.update=true
 * </pre>
 * The files are read from and written to the source tree (the module's {@code basedir}), not to
 * {@code target/}.
 */
class KickstartGoldenTest {

    /** Set to {@code true} to rewrite the golden files instead of comparing with them. */
    static final String UPDATE = "labctl.golden.update";

    static Path golden(Role role, Mode mode) {
        return Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/kickstart").resolve(Requests.fileName(role, mode));
    }

    static Stream<Arguments> rolesAndModes() {
        return Stream.of(Role.values()).flatMap(role -> Stream.of(Mode.values()).map(mode -> Arguments.of(role, mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void theKickstartIsItsGoldenFile(Role role, Mode mode) throws IOException {
        String rendered = Kickstart.render(Requests.of(role, mode));
        Path file = golden(role, mode);
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered, UTF_8);
        }
        assertEquals(Files.readString(file, UTF_8), rendered,
                file + " differs: if the change is meant, rewrite it with -D" + UPDATE + "=true and review its diff");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rolesAndModes")
    void theSameRequestGivesTheSameText(Role role, Mode mode) {
        assertEquals(Kickstart.render(Requests.of(role, mode)), Kickstart.render(Requests.of(role, mode)));
    }
}
