package io.jenkins.plugins.imagebuilder.aws;

import java.util.Locale;

/** What can be sent to a workflow step waiting for an action. */
public enum WaitingStepAction {
    /** The step completes and the workflow goes on. */
    RESUME,
    /** The step fails; its {@code onFailure} setting decides whether the workflow goes on or the build fails. */
    STOP;

    /** The action as a step names it, in any case. */
    public static WaitingStepAction parse(String text) {
        String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (WaitingStepAction action : values()) {
            if (action.name().equals(name)) {
                return action;
            }
        }
        throw new InvalidInputException(EngineMessage.STEP_ACTION_BAD.format(text == null ? "" : text));
    }
}
