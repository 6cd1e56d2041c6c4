package org.labctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The process's own standard streams as bytes, and its terminal, for {@code labctl exec}, which relays
 * a remote command's input and output byte for byte: the {@link Terminal}'s writers are for text
 * labctl writes itself. {@link #system()} is the running process; tests build their own.
 */
public interface ExecIo {

    /** Standard input, read only when the command's input is forwarded. */
    InputStream stdin();

    /** Standard output, unbuffered: what is written is flushed by the caller. */
    OutputStream stdout();

    /** Standard error, unbuffered. */
    OutputStream stderr();

    /** Whether standard input is a terminal (a person typing) rather than a pipe or a file. */
    boolean stdinIsTerminal();

    /**
     * Runs {@code action} on each Ctrl-C (SIGINT) instead of ending the process, until the returned
     * handle is closed. Where the signal cannot be caught, nothing is registered and Ctrl-C ends
     * labctl as usual.
     */
    Registration onInterrupt(Runnable action);

    /**
     * The local terminal, for a remote pseudo-terminal of the same size.
     *
     * @param raw whether to put it in raw mode, so that every key reaches the remote side as it is
     *            typed (Ctrl-C included); closing the returned terminal restores the mode
     * @throws IOException when there is no usable terminal
     */
    LocalTerminal openTerminal(boolean raw) throws IOException;

    /** Something registered, undone by {@link #close()}. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** The terminal labctl runs in, while a remote pseudo-terminal mirrors it. */
    interface LocalTerminal extends AutoCloseable {

        int columns();

        int rows();

        /** Runs {@code action} whenever the terminal changes size (SIGWINCH). */
        void onResize(Runnable action);

        /** Restores the terminal as it was; safe to call more than once. */
        @Override
        void close();
    }

    /** The streams and the terminal of the running process. */
    static ExecIo system() {
        return new SystemExecIo();
    }

    /**
     * Streams for tests and for the training run: no input, not a terminal, and output decoded as
     * UTF-8 into {@code out} and {@code err}, so that it lands in order with what labctl prints there.
     */
    static ExecIo over(PrintWriter out, PrintWriter err) {
        return new ExecIo() {
            private final OutputStream stdout = new WriterOutputStream(out);
            private final OutputStream stderr = new WriterOutputStream(err);

            @Override
            public InputStream stdin() {
                return InputStream.nullInputStream();
            }

            @Override
            public OutputStream stdout() {
                return stdout;
            }

            @Override
            public OutputStream stderr() {
                return stderr;
            }

            @Override
            public boolean stdinIsTerminal() {
                return false;
            }

            @Override
            public Registration onInterrupt(Runnable action) {
                return () -> { };
            }

            @Override
            public LocalTerminal openTerminal(boolean raw) throws IOException {
                throw new IOException("standard input is not a terminal");
            }
        };
    }
}
