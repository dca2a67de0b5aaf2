package io.jenkins.plugins.imagebuilder.aws;

/**
 * Whether an image is scanned for vulnerabilities and how far its scan has come, as GetImage reports
 * it in {@code imageScanningConfiguration} and {@code scanState}.
 */
public final class ScanState {

    /** An image whose pipeline does not scan its images. */
    public static final ScanState NOT_CONFIGURED = new ScanState(false, null, null);

    private final boolean enabled;
    private final String status;
    private final String reason;

    public ScanState(boolean enabled, String status, String reason) {
        this.enabled = enabled;
        this.status = status;
        this.reason = reason;
    }

    /** Whether the image's pipeline asks for image scanning. */
    public boolean isConfigured() {
        return enabled;
    }

    /** {@code PENDING}, {@code SCANNING}, {@code COLLECTING}, {@code COMPLETED}, {@code ABANDONED}, {@code FAILED}, {@code TIMED_OUT}, or {@code null} before the scan begins. */
    public String status() {
        return status;
    }

    /** Why the scan ended without findings, as the service says, or {@code null}. */
    public String reason() {
        return reason;
    }

    public boolean isCompleted() {
        return "COMPLETED".equals(status);
    }

    /** The scan ended without counting findings: abandoned, failed or timed out. */
    public boolean hasFailed() {
        return "ABANDONED".equals(status) || "FAILED".equals(status) || "TIMED_OUT".equals(status);
    }

    /** Nothing more to wait for: the scan ended one way or the other, or there is none. */
    public boolean isSettled() {
        return !enabled || isCompleted() || hasFailed();
    }
}
