package io.jenkins.plugins.imagebuilder.aws;

import java.util.Locale;

/** What a wait does when a workflow step of the image build waits for an action ({@code onWaitingStep}). */
public enum WaitingStepPolicy {
    /** Keep waiting: someone sends the action, from the build's page or elsewhere. */
    PAUSE,
    /** Send RESUME at once. */
    RESUME,
    /** Send STOP at once. */
    STOP,
    /** End the wait and return the waiting step, for the Pipeline to decide. */
    RETURN;

    /** The policy as a step names it ({@code 'pause'}, ...); blank for the default, pause. */
    static WaitingStepPolicy parse(String text) {
        if (text == null || text.isBlank()) {
            return PAUSE;
        }
        String name = text.strip().toUpperCase(Locale.ROOT);
        for (WaitingStepPolicy policy : values()) {
            if (policy.name().equals(name)) {
                return policy;
            }
        }
        throw new InvalidInputException(EngineMessage.WAITING_POLICY_BAD.format(text));
    }
}
