package org.labctl.cli;

import org.labctl.cli.exec.ExecLoop;

/** Entry point of the labctl executable: the only place that ends the process. */
public final class Main {

    /** The JDK's HTTP client names its selector thread {@code HttpClient-<n>-SelectorManager}. */
    private static final String SELECTOR_THREAD = "SelectorManager";

    private Main() {
    }

    public static void main(String[] args) {
        Terminal terminal = Terminal.system();
        int exitCode = Labctl.commandLine(terminal, args).execute(args);
        terminal.out().flush();
        terminal.err().flush();
        wakeSelectorThreads();
        System.exit(exitCode);
    }

    /**
     * Java 17's exit waits up to 300 ms for threads blocked in native code, and the HTTP client's
     * selector thread always is (in epoll_wait), as is exec's stdin pump while it waits for input
     * (reading a pipe that stays open): woken by an interrupt, each leaves native code (the pump
     * reads through an interruptible channel) and the process ends at once, which takes about
     * 300 ms off every command that talked to labd or forwarded input.
     */
    private static void wakeSelectorThreads() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith("HttpClient-") && name.endsWith(SELECTOR_THREAD) || name.startsWith(ExecLoop.STDIN_THREAD)) {
                thread.interrupt();
            }
        }
    }
}
