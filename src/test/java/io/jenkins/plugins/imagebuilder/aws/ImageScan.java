package io.jenkins.plugins.imagebuilder.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the vulnerability scan of a pipeline's images goes in {@link FakeImageBuilder}: it starts when
 * an image is AVAILABLE and moves on with each GetImage call that shows the image AVAILABLE, as
 * {@code scanState} (PENDING, SCANNING, COLLECTING, then how it ends). Its findings are listed once
 * it COMPLETED.
 */
public final class ImageScan {

    private static final List<String> UNDER_WAY = List.of("PENDING", "SCANNING", "COLLECTING");
    private static final Set<String> FAILURES = Set.of("ABANDONED", "FAILED", "TIMED_OUT");

    private final int polls;
    private final String end;
    private final String reason;
    private final List<ScanFinding> findings;

    private ImageScan(int polls, String end, String reason, List<ScanFinding> findings) {
        if (polls < 0) {
            throw new IllegalArgumentException("polls must not be negative: " + polls);
        }
        if (reason != null && (reason.isEmpty() || reason.length() > 1024)) {
            throw new IllegalArgumentException("a reason has 1 to 1024 characters");
        }
        this.polls = polls;
        this.end = end;
        this.reason = reason;
        this.findings = List.copyOf(findings);
    }

    /**
     * A scan that is under way (PENDING, SCANNING, then COLLECTING) for the first {@code polls}
     * GetImage calls that show the image AVAILABLE, then COMPLETED with these findings; with 0 the
     * first such call already shows it COMPLETED.
     */
    public static ImageScan completingAfter(int polls, ScanFinding... findings) {
        return new ImageScan(polls, "COMPLETED", null, List.of(findings));
    }

    /** A scan that is under way for {@code polls} calls, then ends ABANDONED, FAILED or TIMED_OUT with no findings. */
    public static ImageScan endingIn(String status, String reason, int polls) {
        if (!FAILURES.contains(status)) {
            throw new IllegalArgumentException("a scan ends ABANDONED, FAILED or TIMED_OUT, not " + status);
        }
        return new ImageScan(polls, status, reason, List.of());
    }

    /** A scan that stays SCANNING. */
    public static ImageScan neverCompleting() {
        return new ImageScan(0, null, null, List.of());
    }

    /** GetImage's {@code scanState} at the n-th call (from 0) that shows the image AVAILABLE. */
    Map<String, Object> stateAt(int availablePoll) {
        Map<String, Object> state = new LinkedHashMap<>();
        if (end == null) {
            state.put("status", "SCANNING");
        } else if (availablePoll < polls) {
            state.put("status", UNDER_WAY.get(Math.min(availablePoll, UNDER_WAY.size() - 1)));
        } else {
            state.put("status", end);
            if (reason != null) {
                state.put("reason", reason);
            }
        }
        return state;
    }

    /** The findings, once the scan COMPLETED. */
    List<ScanFinding> findings() {
        return findings;
    }

    @Override
    public String toString() {
        return end == null ? "a scan never completing" : "a scan ending " + end + " after " + polls + " polls";
    }
}
