package org.labctl.cli;

/** Durations for people, as kubectl shows ages: {@code 45s}, {@code 3m12s}, {@code 2h5m}, {@code 4d3h}. */
public final class HumanDuration {

    private HumanDuration() {
    }

    public static String format(long seconds) {
        if (seconds < 0) {
            return "-" + format(-seconds);
        }
        long days = seconds / 86_400;
        long hours = seconds / 3_600 % 24;
        long minutes = seconds / 60 % 60;
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
}
