package io.jenkins.plugins.imagebuilder;

import hudson.AbortException;
import io.jenkins.plugins.imagebuilder.aws.ClientSettings;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderException;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import io.jenkins.plugins.imagebuilder.aws.LaunchRequest;
import java.util.function.Supplier;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Turns the engine's expected failures into {@link AbortException}s: a message for the user, no
 * stack trace. Unexpected failures pass through with their cause.
 */
final class StepInputs {

    /** Retries of the start call; tests shorten their back-off. */
    @Restricted(NoExternalUse.class)
    static volatile ClientSettings.Retries startRetries = ClientSettings.STANDARD_RETRIES;

    private StepInputs() {}

    static <T> T validate(Supplier<T> check) throws AbortException {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            throw new AbortException(e.getMessage());
        }
    }

    static LaunchRequest.Launch validate(LaunchRequest request) throws AbortException {
        return validate(request::validate);
    }

    static <T> T call(Supplier<T> call) throws AbortException {
        try {
            return call.get();
        } catch (ImageBuilderException e) {
            throw new AbortException(e.getMessage());
        }
    }
}
