package org.labctl.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ExecIo} for tests: the input, whether it is a terminal, a terminal of a fixed size that
 * records how it was used, and Ctrl-C pressed by the test ({@link #pressCtrlC}).
 */
public final class TestExecIo implements ExecIo {

    private final InputStream stdin;
    private final boolean stdinIsTerminal;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final List<Runnable> interruptHandlers = new CopyOnWriteArrayList<>();
    private volatile FakeTerminal terminal;
    private int columns = 80;
    private int rows = 24;

    public TestExecIo(InputStream stdin, boolean stdinIsTerminal, OutputStream stdout, OutputStream stderr) {
        this.stdin = stdin;
        this.stdinIsTerminal = stdinIsTerminal;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Output decoded into writers, as {@link ExecIo#over} does, for {@link CliRun}. */
    static TestExecIo over(InputStream stdin, boolean stdinIsTerminal, PrintWriter out, PrintWriter err) {
        return new TestExecIo(stdin, stdinIsTerminal, new WriterOutputStream(out), new WriterOutputStream(err));
    }

    /** The size {@link #openTerminal} reports. */
    public TestExecIo terminalSize(int terminalColumns, int terminalRows) {
        this.columns = terminalColumns;
        this.rows = terminalRows;
        return this;
    }

    @Override
    public InputStream stdin() {
        return stdin;
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
        return stdinIsTerminal;
    }

    @Override
    public Registration onInterrupt(Runnable action) {
        interruptHandlers.add(action);
        return () -> interruptHandlers.remove(action);
    }

    /** Ctrl-C: runs the handlers registered now; false when there are none (labctl would have ended). */
    public boolean pressCtrlC() {
        interruptHandlers.forEach(Runnable::run);
        return !interruptHandlers.isEmpty();
    }

    /** Whether a Ctrl-C handler is registered. */
    public boolean catchesCtrlC() {
        return !interruptHandlers.isEmpty();
    }

    @Override
    public LocalTerminal openTerminal(boolean raw) throws IOException {
        if (!stdinIsTerminal) {
            throw new IOException("standard input is not a terminal");
        }
        terminal = new FakeTerminal(raw, columns, rows);
        return terminal;
    }

    /** The terminal opened, or null. */
    public FakeTerminal terminal() {
        return terminal;
    }

    /** Bytes written to a {@link ByteArrayOutputStream} as UTF-8 text. */
    public static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A terminal of a fixed size, resized by the test. */
    public static final class FakeTerminal implements LocalTerminal {

        private final boolean raw;
        private volatile int columns;
        private volatile int rows;
        private volatile Runnable onResize = () -> { };
        private volatile boolean closed;

        FakeTerminal(boolean raw, int columns, int rows) {
            this.raw = raw;
            this.columns = columns;
            this.rows = rows;
        }

        public boolean raw() {
            return raw;
        }

        public boolean closed() {
            return closed;
        }

        /** The terminal changed size (SIGWINCH). */
        public void resize(int newColumns, int newRows) {
            columns = newColumns;
            rows = newRows;
            onResize.run();
        }

        @Override
        public int columns() {
            return columns;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public void onResize(Runnable action) {
            onResize = action;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
