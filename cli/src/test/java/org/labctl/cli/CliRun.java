package org.labctl.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs labctl in-process through the real {@link Labctl#commandLine} with captured output. */
public final class CliRun {

    private final Path home;
    private final Map<String, String> env = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private byte[] stdin;

    /** @param home an empty temporary directory standing in for the user's home */
    public CliRun(Path home) {
        this.home = home;
    }

    public CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The clock ages and expiry times are counted from, such as a fixed one. */
    public CliRun clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * What labctl reads from standard input, which is then a pipe; without it standard input is an
     * empty terminal, as when a person runs labctl and types nothing.
     */
    public CliRun stdin(byte[] input) {
        this.stdin = input.clone();
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        InputStream input = stdin == null ? InputStream.nullInputStream() : new ByteArrayInputStream(stdin);
        Terminal terminal = new Terminal(outWriter, errWriter, env, home, clock,
                TestExecIo.over(input, stdin == null, outWriter, errWriter));
        int exitCode = Labctl.commandLine(terminal, args).execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /**
     * What one run did.
     *
     * @param exitCode the exit code Main would exit with
     * @param out      standard output
     * @param err      standard error
     */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
