package io.jenkins.plugins.imagebuilder.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SendWorkflowStepAction and ListWaitingWorkflowSteps of {@link FakeImageBuilder}: the WaitForAction
 * steps of its image builds, and the client tokens of the actions sent to them.
 */
final class StepActions {

    private static final List<String> ACTIONS = List.of("RESUME", "STOP");

    private final Map<String, FakeImage> images;
    // The builds with a hold step, in the order they started: what ListWaitingWorkflowSteps goes through.
    private final List<FakeImage> holding = new CopyOnWriteArrayList<>();
    // What each client token (per partition, region and account) was first sent with.
    private final Map<String, String> tokens = new LinkedHashMap<>();

    StepActions(Map<String, FakeImage> images) {
        this.images = images;
    }

    void started(FakeImage image) {
        if (image.hold != null) {
            holding.add(image);
        }
    }

    synchronized void forget() {
        holding.clear();
        tokens.clear();
    }

    /** SendWorkflowStepAction: the same token with the same parameters answers again and applies nothing. */
    synchronized Map<String, Object> send(Map<String, Object> input, Instant now) throws ServiceError {
        String stepId = ImageBuilderModel.required(
                input.get("stepExecutionId"), "stepExecutionId", ImageBuilderModel.STEP_EXECUTION_ID);
        String arn = ImageBuilderModel.required(
                input.get("imageBuildVersionArn"), "imageBuildVersionArn", ImageBuilderModel.IMAGE_ARN);
        String action = ImageBuilderModel.oneOf(input.get("action"), "action", ACTIONS);
        String reason = ImageBuilderModel.optionalText(input.get("reason"), "reason", 1024);
        String token = ImageBuilderModel.token(input);
        FakeImage image = FakeImageBuilder.found(images.get(arn), arn);
        String scope =
                image.pipeline.partition + " " + image.pipeline.region + " " + image.pipeline.account + " " + token;
        String fingerprint = stepId + " " + arn + " " + action + " " + reason;
        String used = tokens.get(scope);
        if (used != null && !used.equals(fingerprint)) {
            throw ServiceError.idempotencyMismatch(token);
        }
        if (used == null) {
            apply(image, new StepAction(stepId, action, reason, token), now);
            tokens.put(scope, fingerprint);
        }
        // The model's output has no requestId: the header carries it.
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("stepExecutionId", stepId);
        output.put("imageBuildVersionArn", arn);
        output.put("clientToken", token);
        return output;
    }

    private static void apply(FakeImage image, StepAction action, Instant now) throws ServiceError {
        String stepId = action.stepExecutionId();
        if (!image.workflows().hasStep(stepId)) {
            throw new ServiceError(
                    "ResourceNotFoundException",
                    404,
                    "The workflow step " + stepId + " of image " + image.arn + " was not found.");
        }
        // Seen waiting first, so that the step's start time is before its end.
        Map<String, Object> waiting = image.workflows().waitingStep(now);
        if (waiting == null || !stepId.equals(waiting.get("stepExecutionId")) || !image.act(action, now)) {
            throw new ServiceError(
                    "InvalidRequestException", 400, "The workflow step " + stepId + " is not waiting for an action.");
        }
        image.workflows().observe(now);
    }

    /** ListWaitingWorkflowSteps: the hold steps waiting now, across the account, a page at a time. */
    Map<String, Object> listWaiting(Map<String, Object> input, Instant now) throws ServiceError {
        int size = ImageBuilderModel.pageSize(input);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (FakeImage image : holding) {
            steps.add(image.workflows().waitingStep(now));
        }
        steps.removeIf(Objects::isNull);
        // The model's output has no requestId either.
        Map<String, Object> output = new LinkedHashMap<>();
        Pages.page(output, "steps", steps, input, size, "");
        return output;
    }

    /** The id of the image's step that waits for an action now, or null. */
    static String waitingStepOf(FakeImage image, Instant now) {
        Map<String, Object> waiting = image.workflows().waitingStep(now);
        return waiting == null ? null : (String) waiting.get("stepExecutionId");
    }
}
