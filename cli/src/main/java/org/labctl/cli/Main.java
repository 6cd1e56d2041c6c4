package org.labctl.cli;

/** Entry point of the labctl executable: the only place that ends the process. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Terminal terminal = Terminal.system();
        int exitCode = Labctl.commandLine(terminal).execute(args);
        terminal.out().flush();
        terminal.err().flush();
        System.exit(exitCode);
    }
}
