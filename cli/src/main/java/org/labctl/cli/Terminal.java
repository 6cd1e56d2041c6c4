package org.labctl.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What labctl reads from and writes to outside itself: the output streams, the environment,
 * the home directory, the clock, and for {@code exec} the raw standard streams and the terminal.
 * Tests build one over string buffers, a temporary home and, where ages and expiry times are
 * printed, a fixed clock.
 *
 * @param out   standard output: the result of a command
 * @param err   standard error: errors and progress
 * @param env   the environment variables
 * @param home  the user's home directory, where the default config lives
 * @param clock the time ages and expiry times are counted from
 * @param exec  the standard streams as bytes, and the terminal, for a remote command's input and output
 */
public record Terminal(PrintWriter out, PrintWriter err, Map<String, String> env, Path home, Clock clock, ExecIo exec) {

    public Terminal {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(exec, "exec");
    }

    /** With no input, and the output of remote commands written into {@code out} and {@code err} ({@link ExecIo#over}). */
    public Terminal(PrintWriter out, PrintWriter err, Map<String, String> env, Path home, Clock clock) {
        this(out, err, env, home, clock, ExecIo.over(out, err));
    }

    /** With the system clock. */
    public Terminal(PrintWriter out, PrintWriter err, Map<String, String> env, Path home) {
        this(out, err, env, home, Clock.systemUTC());
    }

    /** The terminal of the running process. */
    public static Terminal system() {
        Charset charset = Charset.defaultCharset();
        return new Terminal(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
                System.getenv(), Path.of(System.getProperty("user.home")), Clock.systemUTC(), ExecIo.system());
    }
}
