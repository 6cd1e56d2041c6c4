package org.labctl.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link ExecIo} of the running process: its file descriptors 0, 1 and 2 without Java's buffering,
 * SIGINT through {@link ProcessSignals}, and the terminal through {@link JLineTerminal}. Each is
 * made on first use, so that commands other than exec pay for none of it.
 */
final class SystemExecIo implements ExecIo {

    private InputStream stdin;
    private OutputStream stdout;
    private OutputStream stderr;

    @Override
    public synchronized InputStream stdin() {
        if (stdin == null) {
            // through an interruptible channel: a thread blocked reading it can be woken at exit (Main)
            stdin = Channels.newInputStream(new FileInputStream(FileDescriptor.in).getChannel());
        }
        return stdin;
    }

    @Override
    public synchronized OutputStream stdout() {
        if (stdout == null) {
            System.out.flush();
            stdout = new FileOutputStream(FileDescriptor.out);
        }
        return stdout;
    }

    @Override
    public synchronized OutputStream stderr() {
        if (stderr == null) {
            System.err.flush();
            stderr = new FileOutputStream(FileDescriptor.err);
        }
        return stderr;
    }

    /**
     * On Linux, what file descriptor 0 links to (a terminal is {@code /dev/pts/N}, {@code /dev/ttyN}
     * or {@code /dev/console}); elsewhere {@code test -t 0}. {@link System#console()} cannot tell:
     * on Java 17 it is null as soon as standard output is redirected, with a person still typing.
     */
    @Override
    public boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException noProc) {
            return testTerminal();
        }
    }

    private static boolean testTerminal() {
        try {
            Process test = new ProcessBuilder("test", "-t", "0").redirectInput(Redirect.INHERIT)
                    .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
            return test.waitFor() == 0;
        } catch (IOException cannotTell) {
            return System.console() != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return System.console() != null;
        }
    }

    @Override
    public Registration onInterrupt(Runnable action) {
        return ProcessSignals.register("INT", action);
    }

    @Override
    public LocalTerminal openTerminal(boolean raw) throws IOException {
        return JLineTerminal.open(raw);
    }
}
