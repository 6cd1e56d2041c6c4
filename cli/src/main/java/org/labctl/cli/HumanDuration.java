package org.labctl.cli;

/**
 * Durations for people. {@link #format} keeps the two largest units ({@code 45s}, {@code 3m12s},
 * {@code 2h5m}, {@code 4d3h}); {@link #approximate} rounds as kubectl prints ages ({@code 89d}).
 */
public final class HumanDuration {

    private static final long MINUTE = 60;
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final long YEAR = 365 * DAY;

    private HumanDuration() {
    }

    public static String format(long seconds) {
        if (seconds < 0) {
            return "-" + format(-seconds);
        }
        long days = seconds / DAY;
        long hours = seconds / HOUR % 24;
        long minutes = seconds / MINUTE % 60;
        long rest = seconds % 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (rest > 0 ? rest + "s" : "");
        }
        return rest + "s";
    }

    /**
     * The precision kubectl's AGE column has (apimachinery's {@code duration.HumanDuration}): exact
     * while short, then coarser as the duration grows, so that a table stays narrow: {@code 90s},
     * {@code 7m5s}, {@code 42m}, {@code 5h30m}, {@code 23h}, {@code 4d3h}, {@code 89d}, {@code 2y40d}.
     */
    public static String approximate(long seconds) {
        if (seconds < 0) {
            return "-" + approximate(-seconds);
        }
        if (seconds < 2 * MINUTE) {
            return seconds + "s";
        }
        long minutes = seconds / MINUTE;
        if (minutes < 10) {
            return seconds % MINUTE == 0 ? minutes + "m" : minutes + "m" + seconds % MINUTE + "s";
        }
        if (minutes < 3 * 60) {
            return minutes + "m";
        }
        long hours = seconds / HOUR;
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = seconds / DAY;
        if (days < 8) {
            return hours % 24 == 0 ? days + "d" : days + "d" + hours % 24 + "h";
        }
        long years = seconds / YEAR;
        if (years < 2) {
            return days + "d";
        }
        if (years < 8) {
            return days % 365 == 0 ? years + "y" : years + "y" + days % 365 + "d";
        }
        return years + "y";
    }
}
