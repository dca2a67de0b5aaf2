package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The workflow steps of one wait that wait for an action, and what {@code onWaitingStep} does with them:
 * offer them to the build page, send RESUME or STOP once, or hand the step back to the session to return.
 * Actions go under tokens derived from the step's: sent again, they act once. Confined to the session's lane.
 */
final class WaitingSteps {

    private static final int MAX_REASON = 1024;

    /** What the session does after a listing: carry on, return this step, or fail with this message. */
    static final class Next {
        static final Next CARRY_ON = new Next(null, null);

        final WorkflowStep returned;
        final String failure;

        private Next(WorkflowStep returned, String failure) {
            this.returned = returned;
            this.failure = failure;
        }
    }

    private final ImageBuildRequest request;
    private final ImageBuildProgress progress;
    private final ImageBuildSession.Host host;
    private final Supplier<ImageBuilderGateway> decider;
    private final BooleanSupplier closing;
    private final ImageBuildReport.StepGate gate;
    // The steps waiting now, by execution id, as the last listing of their workflow showed them.
    private final Map<String, WorkflowStep> waiting = new LinkedHashMap<>();

    /**
     * @param decider the gateway that sends actions
     * @param closing whether Jenkins is stopping: a call cut short then is no verdict
     * @param gate how the page reaches this wait, to send an action on someone's behalf
     */
    WaitingSteps(
            ImageBuildRequest request,
            ImageBuildProgress progress,
            ImageBuildSession.Host host,
            Supplier<ImageBuilderGateway> decider,
            BooleanSupplier closing,
            ImageBuildReport.StepGate gate) {
        this.request = request;
        this.progress = progress;
        this.host = host;
        this.decider = decider;
        this.closing = closing;
        this.gate = gate;
    }

    /** The steps of a listing that wait and were not told waiting yet: call before the log tells them. */
    static List<String> untold(WorkflowStepLog.Sighting steps, ImageBuildProgress progress) {
        return steps.steps.stream()
                .filter(step ->
                        step.isWaitingForAction() && progress.toldOfStep(step.id()) < ImageBuildProgress.STEP_WAITING)
                .map(WorkflowStep::id)
                .collect(Collectors.toList());
    }

    /**
     * A workflow's steps were listed: report them if the log told something or which steps wait changed, then
     * act on the waiting ones as {@code onWaitingStep} says.
     *
     * @param untold the waiting steps that the log had not told before this listing
     */
    Next seen(WorkflowStepLog.Sighting steps, List<String> untold, boolean told) {
        boolean changed = note(steps);
        if (told || changed) {
            ImageBuildReport report =
                    new ImageBuildReport(progress.image(), null, null, null, null).withSteps(steps.steps);
            host.report(changed ? report.withWaiting(new ArrayList<>(waiting.values()), gate) : report);
        }
        for (WorkflowStep step : new ArrayList<>(waiting.values())) {
            if (!step.workflow().equals(steps.workflow.type())) {
                continue;
            }
            switch (request.onWaitingStep()) {
                case PAUSE:
                    if (untold.contains(step.id())) {
                        host.log(EngineMessage.LOG_WAITING_PAUSED.format());
                    }
                    break;
                case RESUME:
                case STOP:
                    String failure = decide(
                            step,
                            WaitingStepAction.valueOf(request.onWaitingStep().name()));
                    if (failure != null) {
                        return new Next(null, failure);
                    }
                    break;
                case RETURN:
                    return new Next(step, null);
                default:
                    throw new IllegalStateException("unknown policy " + request.onWaitingStep());
            }
        }
        return Next.CARRY_ON;
    }

    /**
     * Sends an action on someone's behalf (the build page's Resume and Stop) to a step this wait saw waiting.
     * Each person's decision has its own token: sent twice, it acts once; another person's comes too late.
     *
     * @return the line logged
     * @throws ImageBuilderException if the call failed, saying why in words for the user
     * @throws IllegalStateException if this wait does not hold that step
     */
    String sendFor(String stepExecutionId, WaitingStepAction action, String decidedBy) {
        WorkflowStep step = waiting.get(stepExecutionId);
        if (step == null) {
            throw notWaiting(stepExecutionId);
        }
        String reason = EngineMessage.STEP_ACTION_REASON_USER.format(decidedBy, request.buildName());
        send(step, action, reason, "by " + decidedBy);
        String line = EngineMessage.LOG_STEP_ACTION_SENT.format(
                action, UserText.escape(step.name()), step.id(), UserText.escape(reason));
        host.log(line);
        return line;
    }

    /** This wait holds no such step; an id not of the service's form is not echoed (it came from a request). */
    IllegalStateException notWaiting(String stepExecutionId) {
        String shown = WorkflowStep.isStepId(stepExecutionId) ? stepExecutionId : "?";
        return new IllegalStateException(EngineMessage.STEP_NOT_WAITING_HERE.format(shown, progress.image()));
    }

    /** The wait ends: forgets the waiting steps; says whether the page was offered any. */
    boolean release() {
        boolean any = !waiting.isEmpty();
        waiting.clear();
        return any;
    }

    /** Keeps which steps of the listed workflow wait now; says whether that changed. */
    private boolean note(WorkflowStepLog.Sighting steps) {
        String workflow = steps.workflow.type();
        List<String> waitingNow = steps.steps.stream()
                .filter(WorkflowStep::isWaitingForAction)
                .map(WorkflowStep::id)
                .collect(Collectors.toList());
        boolean changed = waiting.values().removeIf(w -> w.workflow().equals(workflow) && !waitingNow.contains(w.id()));
        for (WorkflowStep step : steps.steps) {
            if (step.isWaitingForAction() && waiting.put(step.id(), step) == null) {
                changed = true;
            }
        }
        return changed;
    }

    /**
     * {@code onWaitingStep: 'resume'} or {@code 'stop'}: sends the action once; a transient failure is tried
     * again at the next listing, a step decided meanwhile by someone else is left as it is.
     *
     * @return why the step fails, or {@code null} to carry on
     */
    private String decide(WorkflowStep step, WaitingStepAction action) {
        if (progress.toldOfStep(step.id()) == ImageBuildProgress.STEP_DECIDED) {
            return null;
        }
        String reason = EngineMessage.STEP_ACTION_REASON_POLICY.format(
                request.buildName(), request.onWaitingStep().name().toLowerCase(Locale.ROOT));
        String name = UserText.escape(step.name());
        try {
            send(step, action, reason, "onWaitingStep");
        } catch (ImageBuilderException e) {
            if (closing.getAsBoolean()) {
                return null; // sent again, under the same token, after the restart
            }
            if (e.kind() == ImageBuilderException.Kind.INVALID_REQUEST) {
                progress.toldOfStep(step.id(), ImageBuildProgress.STEP_DECIDED);
                host.persist();
                host.log(EngineMessage.LOG_STEP_ACTION_REFUSED.format(action, name, e.getMessage()));
                return null;
            } else if (e.isTransient()) {
                host.log(EngineMessage.LOG_STEP_ACTION_RETRY.format(action, name, e.getMessage()));
                return null;
            }
            return e.getMessage();
        }
        progress.toldOfStep(step.id(), ImageBuildProgress.STEP_DECIDED);
        host.persist();
        host.log(EngineMessage.LOG_STEP_ACTION_SENT.format(action, name, step.id(), UserText.escape(reason)));
        return null;
    }

    private void send(WorkflowStep step, WaitingStepAction action, String reason, String sender) {
        String sent = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        ClientToken token = request.clientToken().derivedFor("step " + step.id() + " " + action + " " + sender);
        decider.get().sendStepAction(progress.image(), step.id(), action, sent, token);
    }
}
