package io.jenkins.plugins.imagebuilder.aws;

import java.util.Locale;

/** The states of an image build, as GetImage reports them in {@code image.state.status}. */
public enum ImageBuildStatus {
    PENDING(false),
    CREATING(false),
    BUILDING(false),
    TESTING(false),
    DISTRIBUTING(false),
    INTEGRATING(false),
    AVAILABLE(true),
    FAILED(true),
    CANCELLED(true),
    DEPRECATED(true),
    DELETED(true),
    DISABLED(true),
    /** A status this plugin does not know yet: keep waiting, a newer state will follow. */
    UNKNOWN(false);

    private final boolean terminal;

    ImageBuildStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the build has stopped changing: nothing more to wait for. */
    public boolean isTerminal() {
        return terminal;
    }

    /** Whether the build produced a usable image. */
    public boolean isSuccess() {
        return this == AVAILABLE;
    }

    /** Whether a cancellation can still stop the build. */
    public boolean isCancellable() {
        return !terminal;
    }

    /** Maps the service's text, tolerating statuses added after this release. */
    public static ImageBuildStatus fromService(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
