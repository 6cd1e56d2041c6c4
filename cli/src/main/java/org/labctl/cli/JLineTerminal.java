package org.labctl.cli;

import java.io.IOException;
import java.util.EnumSet;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The local terminal during {@code labctl exec -t}, through JLine's {@code exec} provider, which
 * reads and sets the terminal with {@code stty} and so needs no native library on plain Java 17.
 * The only class that touches JLine: other commands never load it (bin/labctl's start-up).
 *
 * <p>Raw mode is what ssh sets ({@code cfmakeraw}): no echo, no line editing, no signals from
 * Ctrl-C, Ctrl-Z or Ctrl-\, no CR/NL translation either way; the remote pseudo-terminal does all of
 * that. The mode before is restored by {@link #close()}, and by a shutdown hook when labctl is
 * ended by a signal. JLine is kept away from signal handlers ({@code nativeSignals(false)}): its
 * defaults would let a SIGINT from {@code kill} end labctl without the hook, leaving the terminal
 * raw; SIGWINCH is caught through {@link ProcessSignals} instead.
 */
final class JLineTerminal implements ExecIo.LocalTerminal {

    private final Terminal terminal;
    private final Attributes before;
    private final Thread restoreAtExit;
    private ExecIo.Registration resizes = () -> { };
    private boolean closed;

    private JLineTerminal(Terminal terminal, Attributes before) {
        this.terminal = terminal;
        this.before = before;
        this.restoreAtExit = new Thread(this::restore, "labctl-terminal-restore");
    }

    static JLineTerminal open(boolean raw) throws IOException {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).provider(TerminalBuilder.PROP_PROVIDER_EXEC)
                    // labctl exec -it ... > file still has a terminal on stderr
                    .systemOutput(TerminalBuilder.SystemOutput.SysOutOrSysErr)
                    .dumb(false).nativeSignals(false).build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot use the terminal through stty: " + e.getMessage(), e);
        }
        JLineTerminal local = new JLineTerminal(terminal, raw ? terminal.getAttributes() : null);
        if (raw) {
            Runtime.getRuntime().addShutdownHook(local.restoreAtExit);
            terminal.setAttributes(raw(local.before));
        }
        return local;
    }

    private static Attributes raw(Attributes before) {
        Attributes raw = new Attributes(before);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHOE, LocalFlag.ECHOK, LocalFlag.ECHONL,
                LocalFlag.ISIG, LocalFlag.IEXTEN), false);
        raw.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP,
                InputFlag.INLCR, InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
        raw.setOutputFlags(EnumSet.of(OutputFlag.OPOST), false);
        // a read returns as soon as one byte is there
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        return raw;
    }

    @Override
    public int columns() {
        return terminal.getSize().getColumns();
    }

    @Override
    public int rows() {
        return terminal.getSize().getRows();
    }

    @Override
    public synchronized void onResize(Runnable action) {
        resizes.close();
        resizes = ProcessSignals.register("WINCH", action);
    }

    @Override
    public void close() {
        restore();
        if (before != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(restoreAtExit);
            } catch (IllegalStateException exiting) {
                // the hook runs, or ran, restore() itself
            }
        }
    }

    private synchronized void restore() {
        if (closed) {
            return;
        }
        closed = true;
        resizes.close();
        try {
            if (before != null) {
                terminal.setAttributes(before);
            }
        } finally {
            try {
                terminal.close();
            } catch (IOException ignored) {
                // the mode is restored; JLine's own clean-up is all that failed
            }
        }
    }

    /** For messages: columns x rows. */
    @Override
    public String toString() {
        Size size = terminal.getSize();
        return size.getColumns() + "x" + size.getRows();
    }
}
