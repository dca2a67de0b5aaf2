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

    /** Whether a build of this lifecycle ever is in this state. */
    boolean goesThrough(ImageBuildStatus status) {
        return states.contains(status);
    }

    ImageBuildStatus statusAt(int pollIndex, Duration age) {
        return states.get(indexAt(pollIndex, age));
    }

    private int indexAt(int pollIndex, Duration age) {
        long index = period == null ? pollIndex : age.toNanos() / Math.max(1, period.toNanos());
        return (int) Math.min(index, states.size() - 1);
    }

    /**
     * How far into its current state a build is, from 0 to just under 1, counting a run of equal
     * states as one: {@code byPolls(BUILDING, BUILDING, BUILDING, TESTING)} is a third through
     * BUILDING at its second poll. The workflow steps of the local endpoint follow it.
     */
    double progressAt(int pollIndex, Duration age) {
        int index = indexAt(pollIndex, age);
        int first = runStart(index);
        int last = index;
        while (last < states.size() - 1 && states.get(last + 1) == states.get(index)) {
            last++;
        }
        int length = last - first + 1;
        if (period == null) {
            return (double) (index - first) / length;
        }
        double periods = (double) age.toNanos() / Math.max(1, period.toNanos()) - first;
        return Math.max(0, Math.min(periods / length, 0.999));
    }

    /** Where the run of equal states that {@code index} is in begins. */
    private int runStart(int index) {
        int first = index;
        while (first > 0 && states.get(first - 1) == states.get(index)) {
            first--;
        }
        return first;
    }

    /** The state before the terminal one at the end: where a build that ends FAILED or CANCELLED stopped. */
    ImageBuildStatus lastRunningState() {
        int index = lastRunningIndex();
        return index < 0 ? null : states.get(index);
    }

    /** How far into {@link #lastRunningState()} the build was when it ended. */
    double progressAtEnd() {
        int index = lastRunningIndex();
        if (index < 0) {
            return 0;
        }
        int first = runStart(index);
        return (double) (index - first) / (index - first + 1);
    }

    private int lastRunningIndex() {
        for (int i = states.size() - 1; i >= 0; i--) {
            if (!states.get(i).isTerminal()) {
                return i;
            }
        }
        return -1;
    }

    String reason() {
        return reason;
    }
}
