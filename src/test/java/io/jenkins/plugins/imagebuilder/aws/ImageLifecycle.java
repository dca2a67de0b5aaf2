package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.util.List;

/**
 * How the local endpoint moves an image through its states: one state per GetImage call, or one
 * state per period of the endpoint's clock. The last state stays.
 */
public final class ImageLifecycle {

    /** One state per GetImage call, ending AVAILABLE. */
    public static final ImageLifecycle DEFAULT = byPolls(
            ImageBuildStatus.PENDING,
            ImageBuildStatus.BUILDING,
            ImageBuildStatus.TESTING,
            ImageBuildStatus.DISTRIBUTING,
            ImageBuildStatus.AVAILABLE);

    private final List<ImageBuildStatus> states;
    private final Duration period;
    private final String reason;

    private ImageLifecycle(List<ImageBuildStatus> states, Duration period, String reason) {
        this.states = List.copyOf(states);
        this.period = period;
        this.reason = reason;
    }

    /** The n-th GetImage call of an image sees the n-th state. */
    public static ImageLifecycle byPolls(ImageBuildStatus... states) {
        return new ImageLifecycle(List.of(states), null, null);
    }

    /** Each state lasts {@code period} on the endpoint's clock, counted from the start of the build. */
    public static ImageLifecycle timed(Duration period, ImageBuildStatus... states) {
        return new ImageLifecycle(List.of(states), period, null);
    }

    /** The reason GetImage gives once the image reaches a failed or cancelled state. */
    public ImageLifecycle withReason(String reason) {
        return new ImageLifecycle(states, period, reason);
    }

    ImageBuildStatus statusAt(int pollIndex, Duration age) {
        long index = period == null ? pollIndex : age.toNanos() / Math.max(1, period.toNanos());
        return states.get((int) Math.min(index, states.size() - 1));
    }

    String reason() {
        return reason;
    }
}
