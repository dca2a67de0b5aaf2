package io.jenkins.plugins.imagebuilder;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.imagebuilder.aws.CancelOutcome;
import io.jenkins.plugins.imagebuilder.aws.ClientSettings;
import io.jenkins.plugins.imagebuilder.aws.ClientToken;
import io.jenkins.plugins.imagebuilder.aws.ImageBuild;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVariables;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildWatcher;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderException;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderGateway;
import io.jenkins.plugins.imagebuilder.aws.PollSchedule;
import io.jenkins.plugins.imagebuilder.aws.RefreshingCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Follows one image build for a Jenkins build, for the Pipeline steps and the freestyle step alike:
 * polls it on Jenkins' shared timer, tells the build log and page of each new state, settles the
 * outcome and cancels on request.
 */
final class ImageBuildTracker {

    private static final Logger LOGGER = Logger.getLogger(ImageBuildTracker.class.getName());
    private static final ClientSettings.Retries CANCEL_RETRIES =
            new ClientSettings.Retries(3, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5));

    /** How often to poll; tests shorten it. */
    @Restricted(NoExternalUse.class)
    static volatile PollSchedule pollSchedule = PollSchedule.DEFAULT;

    private final Run<?, ?> run;
    private final ImageBuildLog log;
    private final ClientSettings settings;
    private final RefreshingCredentialsProvider credentials;

    /**
     * @param settings the client settings of the image's region; retries are turned off for polls,
     *     since the poll schedule itself backs off
     */
    ImageBuildTracker(
            Run<?, ?> run, ImageBuildLog log, ClientSettings settings, RefreshingCredentialsProvider credentials) {
        this.run = run;
        this.log = log;
        this.settings = settings;
        this.credentials = credentials;
    }

    /**
     * Starts polling; the returned wait completes with the build in its final state.
     *
     * @param statusSeen told of each new state, to keep it for a resume
     */
    ImageBuildWatcher.Watch watch(
            ImageBuildVersionArn image,
            Instant startedAt,
            ImageBuildStatus lastKnown,
            Instant deadline,
            Consumer<ImageBuildStatus> statusSeen) {
        ImageBuilderGateway poller =
                ImageBuilderGateway.open(settings.withRetries(ClientSettings.NO_RETRIES), credentials);
        ImageBuildsAction action = ImageBuildsAction.of(run);
        ImageBuildWatcher watcher = new ImageBuildWatcher(
                Timer.get(), Clock.systemUTC(), pollSchedule, ImageBuildWatcher.DEFAULT_MAX_CONSECUTIVE_FAILURES);
        ImageBuildWatcher.Watch watch = watcher.watch(
                image,
                poller::getImage,
                new ImageBuildWatcher.Listener() {
                    @Override
                    public void statusChanged(ImageBuildStatus previous, ImageBuild current, Duration elapsed) {
                        statusSeen.accept(current.status());
                        log.statusChanged(current, elapsed);
                        action.updated(image, current.status().name(), current.reason(), null);
                    }

                    @Override
                    public void pollFailed(
                            ImageBuilderException failure, int consecutiveFailures, Duration nextPollIn) {
                        log.pollFailed(failure, consecutiveFailures, nextPollIn);
                    }
                },
                startedAt,
                lastKnown,
                deadline);
        watch.result().whenComplete((build, failure) -> poller.close());
        return watch;
    }

    /**
     * Records the final state on the build page and in the environment; returns what the step
     * returns when the image is available.
     *
     * @throws AbortException with the service's reason when it is not
     */
    Map<String, Object> settle(ImageBuild build) throws AbortException {
        ImageBuildVersionArn image = build.arn();
        ImageBuildsAction.of(run)
                .updated(image, build.status().name(), build.reason(), ImageBuildVariables.finished(build));
        if (build.status().isSuccess()) {
            return ImageBuildVariables.result(build);
        }
        throw new AbortException(
                build.reason() == null
                        ? Messages.Failure_ImageEndedNoReason(image, build.status())
                        : Messages.Failure_ImageEnded(image, build.status(), build.reason()));
    }

    /** Asks Image Builder to stop the build; whatever happens is logged, never raised. */
    void cancel(ImageBuildVersionArn image, ClientToken startToken) {
        log.cancelling(image);
        try (ImageBuilderGateway gateway =
                ImageBuilderGateway.open(settings.withRetries(CANCEL_RETRIES), credentials)) {
            CancelOutcome outcome = gateway.cancel(image, startToken.derivedFor("cancel"));
            if (outcome == CancelOutcome.CANCELLED) {
                log.cancelled(image);
            } else {
                log.alreadyFinished(image);
            }
        } catch (ImageBuilderException e) {
            log.cancelFailed(image, e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not cancel " + image, e);
            log.cancelFailed(image, e.toString());
        }
    }
}
