package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labd stand-in of the start-up training ({@link TrainingLabd}), and the training run
 * ({@link StartupTraining}): labctl's commands must succeed against the stand-in, or the archive
 * would hold their error paths instead of their work, and the training must end by itself and
 * leave nothing behind, since bin/labctl runs it unattended.
 */
class TrainingLabdTest {

    @TempDir
    Path home;

    @Test
    void labctlsCommandsSucceedOverMutualTls() throws Exception {
        try (TrainingLabd labd = TrainingLabd.start(home)) {
            String config = labd.config().toString();
            ClientConfig read = new ClientConfigLoader(Map.of(), home).read(labd.config());
            assertEquals("https", read.server().getScheme());
            assertEquals("127.0.0.1", read.server().getHost());

            CliRun.Result status = new CliRun(home).run("status", "--config", config);
            assertEquals(ExitCode.OK, status.exitCode(), status::toString);
            assertTrue(status.out().contains("Status:    ok\n"), status::toString);

            CliRun.Result version = new CliRun(home).run("version", "--config", config);
            assertEquals(ExitCode.OK, version.exitCode(), version::toString);
            assertTrue(version.out().contains("Server Version: " + ClientVersion.current()), version::toString);

            CliRun.Result servers = new CliRun(home).run("get", "servers", "--config", config);
            assertEquals(ExitCode.OK, servers.exitCode(), servers::toString);
            assertTrue(servers.out().contains("web-1"), servers::toString);

            CliRun.Result json = new CliRun(home).run("get", "servers", "-o", "json", "--config", config);
            assertEquals(ExitCode.OK, json.exitCode(), json::toString);
            JsonNode listed = Mappers.json().readTree(json.out());
            assertEquals(List.of("web-1", "db-1"), listed.findValuesAsText("name"));
        }
    }

    /** As labd, it refuses a client whose certificate comes from another CA. */
    @Test
    void refusesAClientCertificateFromAnotherCa() throws Exception {
        try (TrainingLabd labd = TrainingLabd.start(home)) {
            ClientConfig training = new ClientConfigLoader(Map.of(), home).read(labd.config());
            TestCa.Issued stranger = new TestCa("another CA").user("training");
            Path config = home.resolve("stranger.labctl.yaml");
            Files.writeString(config, UserConfigFile.yaml(training.server(), "training", training.ca(),
                    stranger.certificatePem(), stranger.keyPem(), config));
            CliRun.Result status = new CliRun(home).run("status", "--config", config.toString());
            assertEquals(ExitCode.PERMISSION_DENIED, status.exitCode(), status::toString);
        }
    }

    @Test
    void closingStopsTheServerAndDeletesTheConfig() throws IOException, GeneralSecurityException {
        TrainingLabd labd = TrainingLabd.start(home);
        Path config = home.resolve("kept.labctl.yaml");
        Files.copy(labd.config(), config);
        labd.close();
        assertFalse(Files.exists(labd.config()));
        CliRun.Result status = new CliRun(home).run("status", "--config", config.toString());
        assertEquals(ExitCode.UNREACHABLE, status.exitCode(), status::toString);
    }

    /**
     * In a JVM of its own, as bin/labctl runs it: the training contacts the stand-in (whose
     * classes, with labctl's and the JDK's TLS client, it then loads), ends without being asked,
     * so no thread of the server outlives it, and leaves no temporary file.
     */
    @Test
    void trainingContactsTheStandInEndsAndLeavesNothingBehind() throws IOException, InterruptedException {
        Path temporary = Files.createDirectory(home.resolve("tmp"));
        Path log = home.resolve("class-load.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temporary, "-Xlog:class+load:file=" + log,
                "-cp", System.getProperty("java.class.path"), StartupTraining.class.getName()));
        Process training = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(home.resolve("output.log").toFile())
                .start();
        if (!training.waitFor(60, TimeUnit.SECONDS)) {
            training.destroyForcibly();
            throw new AssertionError("the training did not end within 60 s");
        }
        assertEquals(0, training.exitValue(), () -> read(home.resolve("output.log")));
        try (Stream<Path> left = Files.list(temporary)) {
            assertEquals(List.of(), left.toList());
        }
        List<String> loaded = Files.readAllLines(log);
        for (String name : List.of("org.labctl.cli.TrainingLabd", "org.labctl.cli.TlsContext",
                "jdk.internal.net.http.HttpClientImpl", "sun.security.ssl.CertificateVerify")) {
            assertTrue(loaded.stream().anyMatch(line -> line.contains(" " + name + " ")), name + " was not loaded");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
