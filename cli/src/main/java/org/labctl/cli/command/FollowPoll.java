package org.labctl.cli.command;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabctlException;
import org.labctl.cli.Printer;

/**
 * The follow loop of the logs that labctl polls ({@code logs audit -f}, {@code logs bastion -f}):
 * every {@code interval} until Ctrl-C, riding out moments the other side cannot be reached (said
 * once, and once more when it answers again); any other error ends it.
 */
final class FollowPoll {

    private FollowPoll() {
    }

    /**
     * @param what  who is polled, for the messages ("labd at https://…")
     * @param fetch one poll; throws LabctlException as labd's client does
     * @param print what to do with its answer
     * @return the exit code once interrupted
     */
    static <T> int run(Printer printer, String what, Duration interval, Supplier<T> fetch, Consumer<T> print) {
        boolean unreachable = false;
        while (true) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.OK;
            }
            T answer;
            try {
                answer = fetch.get();
            } catch (LabctlException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return ExitCode.OK;
                }
                if (e.exitCode() != ExitCode.UNREACHABLE && e.exitCode() != ExitCode.TIMEOUT) {
                    throw e;
                }
                if (!unreachable) {
                    printer.error(e.getMessage() + " (still following: trying again every " + every(interval) + ")");
                    unreachable = true;
                }
                continue;
            }
            if (unreachable) {
                printer.progress(what + " answers again");
                unreachable = false;
            }
            print.accept(answer);
        }
    }

    /** How the interval reads in a message: "second", "5 s", "500 ms". */
    private static String every(Duration interval) {
        if (interval.toMillis() % 1000 != 0) {
            return interval.toMillis() + " ms";
        }
        return interval.toSeconds() == 1 ? "second" : interval.toSeconds() + " s";
    }
}
