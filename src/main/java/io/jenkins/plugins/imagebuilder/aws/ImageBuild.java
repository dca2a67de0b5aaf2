package io.jenkins.plugins.imagebuilder.aws;

import java.util.List;
import java.util.Optional;

/** One image build as GetImage last reported it: its state and, once available, its outputs. */
public final class ImageBuild {

    private final ImageBuildVersionArn arn;
    private final ImageBuildStatus status;
    private final String reason;
    private final String version;
    private final List<AmiOutput> amis;
    private final List<ContainerOutput> containers;
    private final ScanState scan;

    public ImageBuild(
            ImageBuildVersionArn arn,
            ImageBuildStatus status,
            String reason,
            String version,
            List<AmiOutput> amis,
            List<ContainerOutput> containers) {
        this(arn, status, reason, version, amis, containers, ScanState.NOT_CONFIGURED);
    }

    public ImageBuild(
            ImageBuildVersionArn arn,
            ImageBuildStatus status,
            String reason,
            String version,
            List<AmiOutput> amis,
            List<ContainerOutput> containers,
            ScanState scan) {
        this.arn = arn;
        this.status = status;
        this.reason = reason;
        this.version = version;
        this.amis = List.copyOf(amis);
        this.containers = List.copyOf(containers);
        this.scan = scan;
    }

    public ImageBuildVersionArn arn() {
        return arn;
    }

    public ImageBuildStatus status() {
        return status;
    }

    /** Why the build failed or was cancelled, as the service says; {@code null} if it gives none. */
    public String reason() {
        return reason;
    }

    /** The build version, {@code 1.0.0/3}. */
    public String version() {
        return version;
    }

    public List<AmiOutput> amis() {
        return amis;
    }

    public List<ContainerOutput> containers() {
        return containers;
    }

    /** Whether the image is scanned for vulnerabilities, and how far the scan has come. */
    public ScanState scan() {
        return scan;
    }

    /**
     * The AMI in the given region, preferring the one in the given account when the build distributed
     * to several accounts there.
     */
    public Optional<AmiOutput> amiIn(AwsRegion region, String preferredAccount) {
        Optional<AmiOutput> own = amis.stream()
                .filter(ami -> region.name().equals(ami.region())
                        && preferredAccount != null
                        && preferredAccount.equals(ami.accountId()))
                .findFirst();
        return own.isPresent()
                ? own
                : amis.stream()
                        .filter(ami -> region.name().equals(ami.region()))
                        .findFirst();
    }

    @Override
    public String toString() {
        return arn + " " + status + (reason == null ? "" : " (" + reason + ")");
    }
}
