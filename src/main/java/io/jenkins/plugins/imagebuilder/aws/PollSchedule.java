package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How often to poll an image build. Builds take from tens of minutes to many hours, so polls start
 * short (to show the first states promptly), grow while nothing changes up to a ceiling of minutes,
 * start short again after a change, and back off further when the service throttles or fails.
 * Each delay is spread by a little jitter so that many waits do not poll in lock step.
 */
public final class PollSchedule {

    /** 10 s at first, growing by half each quiet poll to 2 min; after failures up to 5 min. */
    public static final PollSchedule DEFAULT =
            new PollSchedule(Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(5), 1.5, 0.1);

    private final Duration initial;
    private final Duration max;
    private final Duration maxAfterFailure;
    private final double growth;
    private final double jitter;

    /**
     * @param growth factor applied to the delay after each poll that saw no change (at least 1)
     * @param jitter fraction by which a delay may be randomly shortened or lengthened (0 to 0.5)
     */
    public PollSchedule(Duration initial, Duration max, Duration maxAfterFailure, double growth, double jitter) {
        this.initial = Objects.requireNonNull(initial);
        this.max = Objects.requireNonNull(max);
        this.maxAfterFailure = Objects.requireNonNull(maxAfterFailure);
        if (initial.isNegative()
                || initial.isZero()
                || max.compareTo(initial) < 0
                || maxAfterFailure.compareTo(max) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max <= maxAfterFailure");
        }
        if (growth < 1 || jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("need growth >= 1 and 0 <= jitter <= 0.5");
        }
        this.growth = growth;
        this.jitter = jitter;
    }

    public Duration initial() {
        return initial;
    }

    public Duration max() {
        return max;
    }

    /** The delay after a poll that succeeded. */
    public Duration afterPoll(Duration previous, boolean statusChanged) {
        if (statusChanged || previous == null) {
            return initial;
        }
        return min(scale(previous, growth), max);
    }

    /**
     * The delay after a poll that failed transiently: at least double the previous one, longer still
     * when the service said it is overloaded (throttled or unavailable).
     */
    public Duration afterFailure(Duration previous, ImageBuilderException.Kind kind) {
        Duration base = previous == null ? initial : previous;
        boolean overloaded =
                kind == ImageBuilderException.Kind.THROTTLED || kind == ImageBuilderException.Kind.SERVICE_UNAVAILABLE;
        Duration next = scale(base, overloaded ? 3 : 2);
        return min(next, maxAfterFailure);
    }

    /**
     * Spreads a delay by the jitter.
     *
     * @param random a value in [0, 1)
     */
    public Duration jittered(Duration delay, double random) {
        return scale(delay, 1 + jitter * (2 * random - 1));
    }

    private static Duration scale(Duration delay, double factor) {
        return Duration.ofNanos((long) Math.min(Long.MAX_VALUE / 2.0, delay.toNanos() * factor));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
