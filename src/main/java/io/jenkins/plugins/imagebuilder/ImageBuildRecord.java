package io.jenkins.plugins.imagebuilder;

import io.jenkins.plugins.imagebuilder.aws.ConsoleLinks;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildReport;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import java.util.LinkedHashMap;
import java.util.Map;

/** One image build that a Jenkins build started or waited for, as the build page lists it. */
public final class ImageBuildRecord {

    private final String pipelineArn;
    private final String imageBuildVersionArn;
    private volatile String status;
    private volatile String reason;
    // Replaced, never changed in place.
    private volatile LinkedHashMap<String, String> variables;

    ImageBuildRecord(ImageBuildReport report) {
        this.pipelineArn = report.pipeline() == null ? null : report.pipeline().toString();
        this.imageBuildVersionArn = report.image().toString();
        this.variables = new LinkedHashMap<>();
        update(report);
    }

    /** The pipeline, or {@code null} when the build only waited for an image started elsewhere. */
    public String getPipelineArn() {
        return pipelineArn;
    }

    public String getImageBuildVersionArn() {
        return imageBuildVersionArn;
    }

    /** The last state seen, or {@code null} if the build did not wait. */
    public String getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    /** The image's page in the Image Builder console, or {@code null} in partitions without one. */
    public String getConsoleUrl() {
        return ConsoleLinks.image(ImageBuildVersionArn.parse(imageBuildVersionArn))
                .orElse(null);
    }

    /** The environment variables this image build gives later steps. */
    public Map<String, String> getVariables() {
        Map<String, String> current = variables;
        return current == null ? Map.of() : current;
    }

    synchronized void update(ImageBuildReport report) {
        if (report.status() != null) {
            status = report.status().name();
            reason = report.reason();
        }
        if (report.variables() != null) {
            variables = new LinkedHashMap<>(report.variables());
        }
    }
}
