package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The workflow steps of an image build in the build log: one line when a step starts, one when it
 * ends (workflow, step, action, status, duration, a failed step's message), never one per poll.
 *
 * <p>It lists only while a workflow runs, and at most one workflow's steps per poll: the workflows
 * once to find the next one to follow, then that workflow's steps on each poll until they have all
 * ended. The calls run with the poll, on the workers ({@link #fetch}); what to say is decided on the
 * session's lane ({@link #apply}), which keeps what was told in the progress across restarts.
 */
final class WorkflowStepLog {

    private static final Logger LOGGER = Logger.getLogger(WorkflowStepLog.class.getName());

    /** What one poll saw of the workflow it follows, or that the credentials may not see workflows. */
    static final class Sighting {
        static final Sighting DENIED = new Sighting(null, null, List.of());

        final ImageBuildVersionArn image;
        final WorkflowExecution workflow;
        final List<WorkflowStep> steps;

        Sighting(ImageBuildVersionArn image, WorkflowExecution workflow, List<WorkflowStep> steps) {
            this.image = image;
            this.workflow = workflow;
            this.steps = steps;
        }
    }

    private WorkflowStepLog() {}

    /**
     * Lists what the build's workflows did since the last poll, if anything can have changed.
     *
     * @return null when there is nothing to list, or the listing failed transiently (the next poll tries again)
     */
    static Sighting fetch(
            ImageBuilderGateway gateway,
            ImageBuildVersionArn image,
            ImageBuildStatus status,
            ImageBuildProgress progress) {
        WorkflowExecution followed = progress.followedWorkflow();
        // Workflows run while the build is under way; after it ends, only the one followed has steps left to tell.
        if (progress.workflowStepsHidden() || followed == null && !runsWorkflows(status)) {
            return null;
        }
        try {
            WorkflowExecution workflow = followed;
            if (workflow == null) {
                workflow = gateway.workflowExecutions(image).stream()
                        .filter(w -> !"PENDING".equals(w.status()) && !"SKIPPED".equals(w.status()))
                        .filter(w -> !progress.isWorkflowTold(w.id()))
                        .findFirst()
                        .orElse(null);
                if (workflow == null) {
                    return null;
                }
            }
            return new Sighting(image, workflow, gateway.workflowSteps(image, workflow));
        } catch (ImageBuilderException e) {
            if (e.kind() == ImageBuilderException.Kind.FORBIDDEN) {
                return Sighting.DENIED;
            }
            LOGGER.log(Level.FINE, "Could not list the workflow steps of " + image, e);
            return null;
        }
    }

    /** Records what was seen in the progress; returns the lines to log. */
    static List<String> apply(Sighting sighting, ImageBuildProgress progress) {
        List<String> lines = new ArrayList<>();
        if (sighting == Sighting.DENIED) {
            if (!progress.workflowStepsHidden()) {
                progress.hideWorkflowSteps();
                lines.add(EngineMessage.LOG_WORKFLOW_STEPS_HIDDEN.format());
            }
            return lines;
        }
        String workflow = UserText.escape(sighting.workflow.type());
        boolean allEnded = !sighting.steps.isEmpty();
        for (WorkflowStep step : sighting.steps) {
            allEnded &= step.hasEnded();
            if (!step.hasStarted()) {
                continue;
            }
            int told = progress.toldOfStep(step.id());
            String name = UserText.escape(step.name());
            String action = UserText.escape(step.action());
            if (step.hasEnded()) {
                if (told != ImageBuildProgress.STEP_ENDED) {
                    lines.add(ended(workflow, name, action, step));
                    progress.toldOfStep(step.id(), ImageBuildProgress.STEP_ENDED);
                }
                continue;
            }
            if (told == ImageBuildProgress.STEP_UNTOLD) {
                lines.add(EngineMessage.LOG_WORKFLOW_STEP_STARTED.format(workflow, name, action));
                progress.toldOfStep(step.id(), ImageBuildProgress.STEP_STARTED);
            }
            if (step.isWaitingForAction() && told < ImageBuildProgress.STEP_WAITING) {
                lines.add(EngineMessage.LOG_WORKFLOW_STEP_WAITING.format(
                        workflow,
                        name,
                        ConsoleLinks.image(sighting.image)
                                .map(link -> ": " + link)
                                .orElse("")));
                progress.toldOfStep(step.id(), ImageBuildProgress.STEP_WAITING);
            }
        }
        if (allEnded) {
            progress.workflowTold(sighting.workflow);
        } else {
            progress.follow(sighting.workflow);
        }
        return lines;
    }

    private static String ended(String workflow, String name, String action, WorkflowStep step) {
        Duration took = step.duration();
        String ended = took == null
                ? EngineMessage.LOG_WORKFLOW_STEP_ENDED.format(workflow, name, action, step.status())
                : EngineMessage.LOG_WORKFLOW_STEP_ENDED_AFTER.format(
                        workflow, name, action, step.status(), Elapsed.format(took));
        return step.message() == null || step.message().isBlank()
                ? ended
                : ended + ": " + UserText.escape(step.message());
    }

    private static boolean runsWorkflows(ImageBuildStatus status) {
        return status == ImageBuildStatus.BUILDING
                || status == ImageBuildStatus.TESTING
                || status == ImageBuildStatus.DISTRIBUTING
                || status == ImageBuildStatus.INTEGRATING;
    }
}
