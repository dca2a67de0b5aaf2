package io.jenkins.plugins.imagebuilder;

import io.jenkins.plugins.imagebuilder.aws.ConsoleLinks;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildReport;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVariables;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.WorkflowStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One image build that a Jenkins build started or waited for, as the build page lists it. */
public final class ImageBuildRecord {

    private final String pipelineArn;
    private final String imageBuildVersionArn;
    private volatile String status;
    private volatile String reason;
    // Replaced, never changed in place.
    private volatile LinkedHashMap<String, String> variables;
    // The steps of its workflows as last seen, and those waiting for an action; replaced, never changed in place.
    private volatile ArrayList<WorkflowStep> steps;
    private volatile ArrayList<WorkflowStep> waiting;

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

    /** The workflow steps seen while waiting, workflow by workflow. */
    public List<WorkflowStep> getSteps() {
        List<WorkflowStep> current = steps;
        return current == null ? List.of() : current;
    }

    /** The steps that wait for an action now, as the wait last saw them. */
    public List<WorkflowStep> getWaitingSteps() {
        List<WorkflowStep> current = waiting;
        return current == null ? List.of() : current;
    }

    /** The counts of the vulnerability scan ({@code CRITICAL}, ... {@code ALL}), when known. */
    public Map<String, String> getFindings() {
        Map<String, String> counts = new LinkedHashMap<>();
        getVariables().forEach((name, value) -> {
            if (name.startsWith(ImageBuildVariables.FINDINGS_PREFIX)) {
                counts.put(name.substring(ImageBuildVariables.FINDINGS_PREFIX.length()), value);
            }
        });
        return counts;
    }

    synchronized void update(ImageBuildReport report) {
        if (report.status() != null) {
            status = report.status().name();
            reason = report.reason();
        }
        if (report.variables() != null) {
            variables = new LinkedHashMap<>(report.variables());
        }
        if (report.steps() != null && !report.steps().isEmpty()) {
            String workflow = report.steps().get(0).workflow();
            ArrayList<WorkflowStep> merged = new ArrayList<>(getSteps());
            merged.removeIf(step -> workflow.equals(step.workflow()));
            merged.addAll(report.steps());
            steps = merged;
        }
        if (report.waiting() != null) {
            waiting = new ArrayList<>(report.waiting());
        }
    }
}
