package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;

/** Formats a duration the way a build log shows it: {@code 1 h 05 min}, {@code 12 min 03 s}, {@code 45 s}. */
public final class Elapsed {

    private Elapsed() {}

    public static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return String.format("%d h %02d min", hours, minutes);
        }
        if (minutes > 0) {
            return String.format("%d min %02d s", minutes, rest);
        }
        return rest + " s";
    }
}
