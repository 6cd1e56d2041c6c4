package org.labctl.cli;

/** Entry point of the labctl executable: the only place that ends the process. */
public final class Main {

    /** The JDK's HTTP client names its selector thread {@code HttpClient-<n>-SelectorManager}. */
    private static final String SELECTOR_THREAD = "SelectorManager";

    private Main() {
    }

    public static void main(String[] args) {
        Terminal terminal = Terminal.system();
        int exitCode = Labctl.commandLine(terminal).execute(args);
        terminal.out().flush();
        terminal.err().flush();
        wakeSelectorThreads();
        System.exit(exitCode);
    }

    /**
     * Java 17's exit waits up to 300 ms for threads blocked in native code, and the HTTP client's
     * selector thread always is (in epoll_wait): woken by an interrupt, it leaves native code and
     * the process ends at once, which takes about 300 ms off every command that talked to labd.
     */
    private static void wakeSelectorThreads() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("HttpClient-") && thread.getName().endsWith(SELECTOR_THREAD)) {
                thread.interrupt();
            }
        }
    }
}
