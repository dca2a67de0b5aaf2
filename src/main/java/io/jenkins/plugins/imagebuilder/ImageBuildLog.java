package io.jenkins.plugins.imagebuilder;

import hudson.model.TaskListener;
import io.jenkins.plugins.imagebuilder.aws.ConsoleLinks;
import io.jenkins.plugins.imagebuilder.aws.Elapsed;
import io.jenkins.plugins.imagebuilder.aws.ImageBuild;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderException;
import java.time.Duration;

/** The lines an image build writes to the build log: few, and each one saying something new. */
final class ImageBuildLog {

    private final TaskListener listener;

    ImageBuildLog(TaskListener listener) {
        this.listener = listener;
    }

    /** One line: the image and, where the partition has a console, the link to its page. */
    void started(ImageBuildVersionArn image, String pipelineName) {
        String link = ConsoleLinks.image(image).orElse(null);
        listener.getLogger()
                .println(
                        link == null
                                ? Messages.Log_Started(image, pipelineName)
                                : Messages.Log_StartedWithLink(image, pipelineName, link));
    }

    void waiting(ImageBuildVersionArn image) {
        listener.getLogger().println(Messages.Log_Waiting(image));
    }

    void statusChanged(ImageBuild build, Duration elapsed) {
        String when = Elapsed.format(elapsed);
        listener.getLogger()
                .println(
                        build.reason() == null
                                ? Messages.Log_Status(build.status(), when)
                                : Messages.Log_StatusWithReason(build.status(), when, build.reason()));
    }

    /** Only the first of a run of failed polls is told: the wait goes on regardless. */
    void pollFailed(ImageBuilderException failure, int consecutiveFailures, Duration nextPollIn) {
        if (consecutiveFailures == 1) {
            listener.getLogger().println(Messages.Log_PollFailed(Elapsed.format(nextPollIn), failure.getMessage()));
        }
    }

    void resumingStart(String pipelineArn) {
        listener.getLogger().println(Messages.Log_ResumingStart(pipelineArn));
    }

    void resumingWait(ImageBuildVersionArn image, String lastStatus) {
        listener.getLogger().println(Messages.Log_ResumingWait(image, lastStatus == null ? "?" : lastStatus));
    }

    void cancelling(ImageBuildVersionArn image) {
        listener.getLogger().println(Messages.Log_Cancelling(image));
    }

    void cancelled(ImageBuildVersionArn image) {
        listener.getLogger().println(Messages.Log_Cancelled(image));
    }

    void alreadyFinished(ImageBuildVersionArn image) {
        listener.getLogger().println(Messages.Log_AlreadyFinished(image));
    }

    void cancelFailed(ImageBuildVersionArn image, String why) {
        listener.getLogger().println(Messages.Log_CancelFailed(image, why));
    }

    void leftRunning(ImageBuildVersionArn image) {
        listener.getLogger().println(Messages.Log_LeftRunning(image));
    }
}
