package io.jenkins.plugins.imagebuilder;

import io.jenkins.plugins.imagebuilder.aws.ConsoleLinks;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildReport;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVariables;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.ImagePipelineArn;
import io.jenkins.plugins.imagebuilder.aws.WorkflowStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One image build that a Jenkins build started or waited for, as the build page lists it. */
public final class ImageBuildRecord {

    /** The state shown when this build tried to cancel the image build and could not: it may still be running. */
    public static final String CANCEL_FAILED = "CANCEL_FAILED";

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

    /** The last state seen ({@link #CANCEL_FAILED} after a failed cancellation), or {@code null} if the build did not wait. */
    public String getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    /** The pipeline's name, as people know it, or {@code null} when the build only waited for the image. */
    public String getPipelineName() {
        return pipelineArn == null ? null : ImagePipelineArn.parse(pipelineArn).name();
    }

    /** The recipe's name of the image, as in the console: {@code web-recipe}. */
    public String getImageName() {
        return ImageBuildVersionArn.parse(imageBuildVersionArn).name();
    }

    /** The image's version and build, as in the console: {@code 1.0.0/7}. */
    public String getImageVersion() {
        ImageBuildVersionArn image = ImageBuildVersionArn.parse(imageBuildVersionArn);
        return image.version() + "/" + image.buildNumber();
    }

    /** The image as the console names it: recipe, version and build, {@code web-recipe 1.0.0/7}. */
    public String getImageLabel() {
        return getImageName() + " " + getImageVersion();
    }

    /** Whether the image build has stopped changing, as far as this build saw. */
    public boolean isOver() {
        String current = status;
        return current != null
                && (current.equals(CANCEL_FAILED)
                        || ImageBuildStatus.fromService(current).isTerminal());
    }

    /** Jenkins' own symbol for where the image build stands: the colours of build states. */
    public String getStatusIcon() {
        String current = status;
        if (current == null) {
            return "symbol-status-nobuilt";
        } else if (current.equals(CANCEL_FAILED)) {
            return "symbol-status-red";
        } else if (!getWaitingSteps().isEmpty()) {
            return "symbol-status-yellow-anime";
        }
        ImageBuildStatus state = ImageBuildStatus.fromService(current);
        switch (state) {
            case AVAILABLE:
                return "symbol-status-blue";
            case FAILED:
                return "symbol-status-red";
            case CANCELLED:
                return "symbol-status-aborted";
            case DEPRECATED:
            case DELETED:
            case DISABLED:
                return "symbol-status-disabled";
            default:
                return "symbol-status-blue-anime";
        }
    }

    /** Where the image build stands, in words. */
    public String getStatusLabel() {
        String current = status;
        if (current == null) {
            return Messages.ImageBuildRecord_Started();
        } else if (current.equals(CANCEL_FAILED)) {
            return Messages.ImageBuildRecord_CancelFailed();
        } else if (!getWaitingSteps().isEmpty()) {
            return Messages.ImageBuildRecord_WaitingForAction();
        }
        String name = current.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
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
        if (report.isCancelFailed()) {
            status = CANCEL_FAILED;
            reason = report.reason();
        } else if (report.status() != null) {
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
