package org.labctl.bastion.internal;

import java.io.PrintStream;
import java.time.Instant;

/**
 * The bastion's logger: SLF4J where the runtime has it (labd, through Pax Logging), else standard
 * error (the standalone runtime, whose framework has no SLF4J provider). Messages use SLF4J's
 * {@code {}} placeholders either way; a trailing Throwable is printed with its stack trace.
 */
public final class Log {

    private static final boolean SLF4J = present();

    private final String name;
    private final Object delegate;

    private Log(String name) {
        this.name = name;
        this.delegate = SLF4J ? Slf4j.logger(name) : null;
    }

    public static Log of(Class<?> type) {
        return new Log(type.getName());
    }

    public void info(String message, Object... args) {
        log("INFO", message, args);
    }

    public void warn(String message, Object... args) {
        log("WARN", message, args);
    }

    public void error(String message, Object... args) {
        log("ERROR", message, args);
    }

    public void debug(String message, Object... args) {
        if (delegate != null) {
            Slf4j.log(delegate, "DEBUG", message, args);
        }
    }

    private void log(String level, String message, Object... args) {
        if (delegate != null) {
            Slf4j.log(delegate, level, message, args);
            return;
        }
        StringBuilder line = new StringBuilder().append(Instant.now()).append(' ').append(level).append(' ')
                .append(name.substring(name.lastIndexOf('.') + 1)).append(": ");
        int next = 0;
        int arg = 0;
        for (int at; (at = message.indexOf("{}", next)) >= 0 && arg < args.length; next = at + 2) {
            line.append(message, next, at).append(args[arg++]);
        }
        line.append(message.substring(next));
        PrintStream err = System.err;
        synchronized (err) {
            err.println(line);
            if (args.length > 0 && args[args.length - 1] instanceof Throwable thrown && arg < args.length) {
                thrown.printStackTrace(err);
            }
        }
    }

    private static boolean present() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, Log.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only where SLF4J is there. */
    private static final class Slf4j {

        static Object logger(String name) {
            return org.slf4j.LoggerFactory.getLogger(name);
        }

        static void log(Object logger, String level, String message, Object... args) {
            org.slf4j.Logger slf4j = (org.slf4j.Logger) logger;
            switch (level) {
                case "ERROR" -> slf4j.error(message, args);
                case "WARN" -> slf4j.warn(message, args);
                case "INFO" -> slf4j.info(message, args);
                default -> slf4j.debug(message, args);
            }
        }
    }
}
