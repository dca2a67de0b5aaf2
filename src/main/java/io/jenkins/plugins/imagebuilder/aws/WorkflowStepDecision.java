package io.jenkins.plugins.imagebuilder.aws;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * One {@code imageWorkflowStepAction}: RESUME or STOP sent to a workflow step of an image build that
 * waits for an action. The step is found through the image's own workflows (not the account-wide
 * list of waiting steps), kept once found, and the action sent under a token derived from the build
 * like the start's: a retry, also after a restart, sends the same call and Image Builder acts once.
 * Plain strings only: it is saved with the Pipeline's state.
 */
public final class WorkflowStepDecision implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_REASON = 1024;

    /** What {@code imageWorkflowStepAction} says, as its user wrote it; blank means unset. */
    public interface Options {
        /** The image build version ARN. */
        String getArn();

        /** {@code RESUME} or {@code STOP}. */
        String getAction();

        /** Why, for the image build's history; blank for one naming the Jenkins build. */
        String getReason();

        /** Which waiting step, by name or execution id; blank when only one waits. */
        String getStep();

        String getCredentialsId();

        String getRegion();

        String getEndpointUrl();
    }

    private final String imageArn;
    private final String region;
    private final String endpointUrl;
    private final String credentialsId;
    private final String action;
    private final String reason;
    private final String step;
    private final String clientToken;
    // The step chosen, kept before the action is sent so that a retry sends the same call.
    private String chosenStep;
    private String chosenName;
    private String chosenWorkflow;

    private WorkflowStepDecision(
            ImageBuildVersionArn image,
            String endpointUrl,
            String credentialsId,
            WaitingStepAction action,
            String reason,
            String step,
            ClientToken token) {
        this.imageArn = image.toString();
        this.region = image.region().name();
        this.endpointUrl = endpointUrl;
        this.credentialsId = credentialsId;
        this.action = action.name();
        this.reason = reason;
        this.step = step;
        this.clientToken = token.value();
    }

    /**
     * Checks what can be checked without AWS.
     *
     * @throws InvalidInputException listing every problem found
     */
    public static WorkflowStepDecision from(Options options, BuildFacts build) {
        List<String> problems = new ArrayList<>();
        ImageBuildVersionArn image =
                InvalidInputException.collect(problems, () -> ImageBuildVersionArn.parse(options.getArn()));
        AwsRegion region = image == null
                ? null
                : InvalidInputException.collect(problems, () -> image.regionAgreeingWith(options.getRegion()));
        String endpoint = region == null
                ? null
                : InvalidInputException.collect(
                        problems, () -> build.endpoints().check(options.getEndpointUrl(), region));
        WaitingStepAction action =
                InvalidInputException.collect(problems, () -> WaitingStepAction.parse(options.getAction()));
        String reason = UserText.blankToNull(options.getReason());
        if (reason == null) {
            reason = EngineMessage.STEP_ACTION_REASON_STEP.format(build.name());
        } else if (reason.length() > MAX_REASON) {
            problems.add(EngineMessage.STEP_ACTION_REASON_TOO_LONG.format(reason.length()));
        }
        InvalidInputException.throwIfAny(problems);
        return new WorkflowStepDecision(
                image,
                endpoint,
                UserText.blankToNull(options.getCredentialsId()),
                action,
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason,
                UserText.blankToNull(options.getStep()),
                ClientToken.derive(build.tokenSeed(), build.discriminator()));
    }

    public ImageBuildVersionArn image() {
        return ImageBuildVersionArn.parse(imageArn);
    }

    /** The credentials id as the user gave it, or {@code null}. */
    public String credentialsId() {
        return credentialsId;
    }

    /**
     * Finds the step (unless a first attempt did), keeps it through {@code persist}, sends the action and says
     * so in {@code log}. Blocks on the network: call it from a worker.
     *
     * @return {@code imageBuildVersionArn}, {@code stepExecutionId}, {@code name}, {@code workflow},
     *     {@code action} and {@code reason}
     * @throws ImageBuilderException when a call fails, naming the IAM action to grant if it was refused
     * @throws InvalidInputException when no step, or not exactly one, waits
     */
    public Map<String, Object> send(
            ImageBuilderAccess access, AwsCredentialsProvider credentials, Runnable persist, Consumer<String> log) {
        ImageBuildVersionArn image = image();
        ImageBuilderGateway gateway =
                access.gateway(ImageBuilderAccess.Purpose.DECIDE, AwsRegion.of(region), endpointUrl, credentials);
        WorkflowStep target;
        synchronized (this) {
            target = chosenStep == null
                    ? null
                    : new WorkflowStep(chosenWorkflow, chosenStep, chosenName, null, null, null, null, null);
        }
        if (target == null) {
            target = choose(image, waitingSteps(gateway, image));
            synchronized (this) {
                chosenStep = target.id();
                chosenName = target.name();
                chosenWorkflow = target.workflow();
            }
            persist.run();
        }
        WaitingStepAction sent = WaitingStepAction.valueOf(action);
        gateway.sendStepAction(
                image,
                target.id(),
                sent,
                reason,
                ClientToken.of(clientToken).derivedFor("step " + target.id() + " " + sent));
        log.accept(EngineMessage.LOG_STEP_ACTION_SENT.format(
                sent, UserText.escape(target.name()), target.id(), UserText.escape(reason)));
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        result.put("imageBuildVersionArn", imageArn);
        result.put("stepExecutionId", target.id());
        result.put("name", target.name());
        result.put("workflow", target.workflow());
        result.put("action", sent.name());
        result.put("reason", reason);
        return result;
    }

    /** The steps of the image's running workflows that wait for an action now. */
    private static List<WorkflowStep> waitingSteps(ImageBuilderGateway gateway, ImageBuildVersionArn image) {
        List<WorkflowStep> waiting = new ArrayList<>();
        for (WorkflowExecution workflow : gateway.workflowExecutions(image)) {
            if ("RUNNING".equals(workflow.status())) {
                gateway.workflowSteps(image, workflow).stream()
                        .filter(WorkflowStep::isWaitingForAction)
                        .forEach(waiting::add);
            }
        }
        return waiting;
    }

    private WorkflowStep choose(ImageBuildVersionArn image, List<WorkflowStep> waiting) {
        String listed = waiting.stream()
                .map(s -> UserText.escape(s.name()) + " (" + s.id() + ")")
                .collect(Collectors.joining(", "));
        if (waiting.isEmpty()) {
            throw new InvalidInputException(EngineMessage.DECISION_NO_WAITING_STEP.format(image));
        }
        if (step == null) {
            if (waiting.size() > 1) {
                throw new InvalidInputException(
                        EngineMessage.DECISION_SEVERAL_WAITING.format(waiting.size(), image, listed));
            }
            return waiting.get(0);
        }
        return waiting.stream()
                .filter(s -> step.equals(s.id()) || step.equals(s.name()))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        EngineMessage.DECISION_NO_SUCH_STEP.format(image, UserText.escape(step), listed)));
    }
}
