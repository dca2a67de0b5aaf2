package io.jenkins.plugins.imagebuilder.aws;

/**
 * An action {@link FakeImageBuilder} applied to a waiting workflow step, as SendWorkflowStepAction
 * sent it: {@code RESUME} or {@code STOP}, the reason ({@code null} without one) and the client token.
 */
public record StepAction(String stepExecutionId, String action, String reason, String clientToken) {}
