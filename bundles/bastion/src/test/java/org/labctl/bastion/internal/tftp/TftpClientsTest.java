package org.labctl.bastion.internal.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labctl.bastion.internal.tftp.TftpEvent.Outcome;

/**
 * Real clients download from the server byte for byte: curl and atftp at block sizes 512, 1468 and
 * 65464, atftp with windows too, tftp-hpa (whose 5.2 client negotiates no option: 512-byte blocks
 * only) in octet and netascii mode; one file is past the 16-bit block numbers at 512 bytes. CI
 * installs the Debian packages {@code curl}, {@code atftp} and {@code tftp-hpa}.
 */
class TftpClientsTest {

    private static final Path CURL = Path.of("/usr/bin/curl");
    private static final Path ATFTP = Path.of("/usr/bin/atftp");
    private static final Path TFTP_HPA = Path.of("/usr/bin/tftp");
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path root;
    @TempDir
    static Path downloads;
    private static TftpFixture tftp;
    private static String mediumSha;
    private static String rolloverSha;

    @BeforeAll
    static void start() throws IOException {
        mediumSha = TftpFixture.sha256(TftpFixture.randomFile(root.resolve("images/medium.bin"), 3 * 1024 * 1024 + 777, 11));
        rolloverSha = TftpFixture.sha256(TftpFixture.randomFile(root.resolve("rollover.bin"), 65535L * 512 + 300_001, 12));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i).append(i % 97 == 0 ? " with a lone \r inside" : "").append('\n');
        }
        Files.writeString(root.resolve("kickstart.txt"), text);
        tftp = new TftpFixture(root, TftpSettings.defaults());
    }

    @AfterAll
    static void stop() {
        tftp.close();
    }

    @ParameterizedTest(name = "curl --tftp-blksize {0}")
    @ValueSource(ints = {512, 1468, 65464})
    void curlDownloadsTheFile(int blockSize) throws IOException {
        Path out = downloads.resolve("curl-" + blockSize);
        run(CURL, "curl", "-sS", "--tftp-blksize", Integer.toString(blockSize), "-o", out.toString(), url("images/medium.bin"));
        assertEquals(mediumSha, TftpFixture.sha256(out));
    }

    @ParameterizedTest(name = "atftp --option \"blksize {0}\"")
    @ValueSource(ints = {512, 1468, 65464})
    void atftpDownloadsTheFile(int blockSize) throws IOException {
        Path out = downloads.resolve("atftp-" + blockSize);
        run(ATFTP, "atftp", "--option", "blksize " + blockSize, "-g", "-r", "images/medium.bin", "-l", out.toString(),
                "127.0.0.1", Integer.toString(tftp.port()));
        assertEquals(mediumSha, TftpFixture.sha256(out));
    }

    @ParameterizedTest(name = "atftp --option \"windowsize {0}\"")
    @ValueSource(ints = {4, 32})
    void atftpDownloadsTheFileInWindows(int windowSize) throws IOException {
        Path out = downloads.resolve("atftp-window-" + windowSize);
        run(ATFTP, "atftp", "--option", "blksize 1468", "--option", "windowsize " + windowSize, "-g", "-r", "images/medium.bin",
                "-l", out.toString(), "127.0.0.1", Integer.toString(tftp.port()));
        assertEquals(mediumSha, TftpFixture.sha256(out));
    }

    @Test
    void tftpHpaDownloadsTheFileAt512() throws IOException {
        Path out = downloads.resolve("tftp-hpa");
        run(TFTP_HPA, "tftp", "-m", "binary", "127.0.0.1", Integer.toString(tftp.port()), "-c", "get", "images/medium.bin", out.toString());
        assertEquals(mediumSha, TftpFixture.sha256(out));
    }

    @Test
    void tftpHpaInAsciiModeGetsTheTextBack() throws IOException {
        Path out = downloads.resolve("kickstart.txt");
        run(TFTP_HPA, "tftp", "-m", "ascii", "127.0.0.1", Integer.toString(tftp.port()), "-c", "get", "kickstart.txt", out.toString());
        assertEquals(Files.readString(root.resolve("kickstart.txt")), Files.readString(out));
    }

    @Test
    void blockNumbersRollOverForCurlAndTftpHpaAndAtftp() throws IOException {
        Path curl = downloads.resolve("rollover-curl");
        run(CURL, "curl", "-sS", "--tftp-blksize", "512", "-o", curl.toString(), url("rollover.bin"));
        assertEquals(rolloverSha, TftpFixture.sha256(curl), "curl");
        Path hpa = downloads.resolve("rollover-hpa");
        run(TFTP_HPA, "tftp", "-m", "binary", "127.0.0.1", Integer.toString(tftp.port()), "-c", "get", "rollover.bin", hpa.toString());
        assertEquals(rolloverSha, TftpFixture.sha256(hpa), "tftp-hpa");
        Path atftp = downloads.resolve("rollover-atftp");
        run(ATFTP, "atftp", "--option", "blksize 512", "--option", "windowsize 8", "-g", "-r", "rollover.bin", "-l", atftp.toString(),
                "127.0.0.1", Integer.toString(tftp.port()));
        assertEquals(rolloverSha, TftpFixture.sha256(atftp), "atftp");
    }

    @Test
    void twentyParallelDownloadsAreAllTheFile() throws IOException, InterruptedException {
        requireClient(CURL, "curl");
        int[] blockSizes = {512, 1468, 8192, 65464};
        List<Process> processes = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path out = downloads.resolve("parallel-" + i);
            outs.add(out);
            processes.add(new ProcessBuilder("curl", "-sS", "--tftp-blksize", Integer.toString(blockSizes[i % blockSizes.length]),
                    "-o", out.toString(), url("images/medium.bin"))
                    .redirectErrorStream(true).redirectOutput(downloads.resolve("parallel-" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            String download = "parallel download " + i;
            if (!process.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                processes.forEach(Process::destroyForcibly);
                fail(download + " did not finish");
            }
            String log = log("parallel-" + i + ".log");
            assertEquals(0, process.exitValue(), () -> download + " failed: " + log);
            assertEquals(mediumSha, TftpFixture.sha256(outs.get(i)), download);
        }
        TftpFixture.await("the transfers to end", Duration.ofSeconds(10), () -> tftp.server.activeTransfers() == 0);
    }

    @Test
    void curlIsRefusedOutsideTheRoot() throws IOException, InterruptedException {
        requireClient(CURL, "curl");
        Path out = downloads.resolve("escape");
        Process process = new ProcessBuilder("curl", "-sS", "--path-as-is", "-o", out.toString(), url("images/../../etc/passwd"))
                .redirectErrorStream(true).redirectOutput(downloads.resolve("escape.log").toFile()).start();
        assertTrue(process.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertNotEquals(0, process.exitValue());
        assertFalse(Files.exists(out) && Files.readString(out, StandardCharsets.ISO_8859_1).contains("root:"));
        assertEquals(Outcome.REFUSED, tftp.awaitEvent("images/../../etc/passwd").outcome());
    }

    private static String url(String file) {
        return "tftp://127.0.0.1:" + tftp.port() + "/" + file;
    }

    private static void run(Path binary, String... command) throws IOException {
        requireClient(binary, packageOf(binary));
        Path log = downloads.resolve(command[0] + "-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + CLIENT_TIMEOUT.toSeconds() + " s: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed: " + log(log.getFileName().toString()));
    }

    private static String packageOf(Path binary) {
        return binary.equals(TFTP_HPA) ? "tftp-hpa" : binary.getFileName().toString();
    }

    private static void requireClient(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            fail(binary + " is missing: install the Debian package " + debianPackage + " (apt-get install " + debianPackage + ")");
        }
    }

    private static String log(String name) {
        try {
            return Files.readString(downloads.resolve(name));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

}
