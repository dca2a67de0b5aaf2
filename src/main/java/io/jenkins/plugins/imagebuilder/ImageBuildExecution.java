package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.imagebuilder.aws.ClientSettings;
import io.jenkins.plugins.imagebuilder.aws.ClientToken;
import io.jenkins.plugins.imagebuilder.aws.ImageBuild;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVariables;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildWatcher;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderException;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderGateway;
import io.jenkins.plugins.imagebuilder.aws.ImagePipelineArn;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import io.jenkins.plugins.imagebuilder.aws.LaunchRequest;
import io.jenkins.plugins.imagebuilder.aws.RefreshingCredentialsProvider;
import io.jenkins.plugins.imagebuilder.aws.StartedImageBuild;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Starts an image build and, if asked, waits for it, without holding a thread: the start runs on a
 * background pool, the polls are tasks on Jenkins' shared timer. It keeps only what resuming after a
 * controller restart needs (the request as validated, its client token, the image's ARN, the last
 * state seen, the deadline), never a client, a credential or a secret. After a restart during the
 * start it repeats the call under the same token, so no second build is started; after a restart
 * during the wait it goes on polling the same image.
 */
public final class ImageBuildExecution extends StepExecution {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(ImageBuildExecution.class.getName());

    // The request, as validated when the step started.
    private final String pipelineArn;
    private LinkedHashMap<String, String> tags;
    private String clientToken;
    private final String region;
    private final String endpointUrl;
    private final String credentialsId;
    private final boolean wait;
    private final boolean cancelOnAbort;
    private final Integer waitTimeoutMinutes;

    // Progress.
    private volatile String imageArn;
    private volatile String lastStatus;
    private long startedAt;
    private Long deadline;
    private volatile boolean done;
    private volatile boolean stopping;

    // Only needed before the first call: the user's own tags and token, and whether to add traceability tags.
    private final transient Map<String, String> userTags;
    private final transient String userClientToken;
    private final transient boolean traceability;

    private transient volatile ImageBuildWatcher.Watch watch;
    private transient boolean cancelClaimed;

    private ImageBuildExecution(
            StepContext context,
            String pipelineArn,
            Map<String, String> userTags,
            String userClientToken,
            boolean traceability,
            String imageArn,
            String region,
            String endpointUrl,
            String credentialsId,
            boolean wait,
            boolean cancelOnAbort,
            Integer waitTimeoutMinutes) {
        super(context);
        this.pipelineArn = pipelineArn;
        this.userTags = userTags;
        this.userClientToken = userClientToken;
        this.traceability = traceability;
        this.imageArn = imageArn;
        this.region = region;
        this.endpointUrl = endpointUrl;
        this.credentialsId = credentialsId;
        this.wait = wait;
        this.cancelOnAbort = cancelOnAbort;
        this.waitTimeoutMinutes = waitTimeoutMinutes;
    }

    static ImageBuildExecution starting(StepContext context, StartImagePipelineStep step) {
        boolean traceability = step.isTraceabilityTags()
                && ImageBuilderGlobalConfiguration.get().isTraceabilityTags();
        return new ImageBuildExecution(
                context,
                step.getArn(),
                ImageTag.toMap(step.getTags()),
                step.getClientToken(),
                traceability,
                null,
                step.getRegion(),
                step.getEndpointUrl(),
                step.getCredentialsId(),
                step.isWait(),
                step.isCancelOnAbort(),
                step.getWaitTimeoutMinutes());
    }

    static ImageBuildExecution waiting(StepContext context, WaitForImageStep step) {
        return new ImageBuildExecution(
                context,
                null,
                Map.of(),
                null,
                false,
                step.getArn(),
                step.getRegion(),
                step.getEndpointUrl(),
                step.getCredentialsId(),
                true,
                step.isCancelOnAbort(),
                step.getWaitTimeoutMinutes());
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        String discriminator = getContext().get(FlowNode.class).getId();
        startedAt = System.currentTimeMillis();
        if (pipelineArn != null) {
            LaunchRequest.Launch launch = StepInputs.validate(new LaunchRequest(pipelineArn)
                    .tags(userTags)
                    .traceabilityTags(traceability ? BuildIdentity.traceabilityTags(run) : Map.of())
                    .clientToken(userClientToken)
                    .build(BuildIdentity.tokenSeed(run), discriminator)
                    .region(region)
                    .endpointUrl(endpointUrl));
            // Fixed now, before the first attempt: every later attempt, after a restart too, sends the same.
            tags = new LinkedHashMap<>(launch.startRequest().tags().asMap());
            clientToken = launch.startRequest().clientToken().value();
            credentials(); // fails now, with the reason, if no credentials can be found

            inBackground(this::launch);
        } else {
            ImageBuildVersionArn image = StepInputs.validate(() -> ImageBuildVersionArn.parse(imageArn));
            StepInputs.validate(() -> image.regionAgreeingWith(region));
            clientToken = ClientToken.derive(BuildIdentity.tokenSeed(run), discriminator)
                    .value();
            credentials(); // fails now, with the reason, if no credentials can be found
            ImageBuildsAction.of(run).started(null, image, ImageBuildVariables.started(image));
            log().waiting(image);
            inBackground(this::watch);
        }
        return false;
    }

    @Override
    public void onResume() {
        if (done) {
            return;
        }
        if (imageArn == null) {
            log().resumingStart(pipelineArn);
            inBackground(this::launch);
        } else if (wait) {
            log().resumingWait(image(), lastStatus);
            inBackground(this::watch);
        } else {
            complete(imageArn);
        }
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        stopping = true;
        ImageBuildWatcher.Watch current = watch;
        if (current != null) {
            current.cancel();
        }
        String image = imageArn;
        if (image == null || done) {
            // Nothing started yet; a start still under way cancels what it started (see launch).
            fail(cause);
        } else if (!cancelOnAbort) {
            log().leftRunning(ImageBuildVersionArn.parse(image));
            fail(cause);
        } else if (claimCancel()) {
            inBackground(() -> {
                ImageBuildLog log = log();
                try {
                    tracker(run(), log, credentials())
                            .cancel(ImageBuildVersionArn.parse(image), ClientToken.of(clientToken));
                } catch (AbortException e) {
                    log.cancelFailed(ImageBuildVersionArn.parse(image), e.getMessage());
                } finally {
                    fail(cause);
                }
            });
        } else {
            fail(cause);
        }
    }

    @Override
    public String getStatus() {
        String image = imageArn;
        if (image == null) {
            return "starting image pipeline " + pipelineArn;
        }
        return "waiting for image build " + image + (lastStatus == null ? "" : " (" + lastStatus + ")");
    }

    /** Starts the build, or finds the one an earlier attempt under the same token started. */
    private void launch() throws Exception {
        // Taken now: if the build is aborted during the call, the step is over before it returns.
        Run<?, ?> run = run();
        ImageBuildLog log = log();
        RefreshingCredentialsProvider credentials = credentials();
        LaunchRequest.Launch launch = StepInputs.validate(new LaunchRequest(pipelineArn)
                .tags(tags)
                .clientToken(clientToken)
                .region(region)
                .endpointUrl(endpointUrl)
                .proxy(JenkinsProxy.settings())
                .retries(StepInputs.startRetries));
        StartedImageBuild started;
        try (ImageBuilderGateway gateway = ImageBuilderGateway.open(launch.settings(), credentials)) {
            started = StepInputs.call(() -> gateway.start(launch.startRequest()));
        }
        ImageBuildVersionArn image = started.imageBuildVersionArn();
        imageArn = image.toString();
        getContext().saveState();
        ImageBuildsAction.of(run).started(pipelineArn, image, ImageBuildVariables.started(image));
        log.started(image, ImagePipelineArn.parse(pipelineArn).name());
        if (stopping) {
            // Aborted while the start was under way: leave no build behind that nobody waits for.
            if (cancelOnAbort && claimCancel()) {
                tracker(run, log, credentials).cancel(image, ClientToken.of(clientToken));
            }
            return;
        }
        if (wait) {
            watch();
        } else {
            complete(imageArn);
        }
    }

    private void watch() throws Exception {
        ImageBuildVersionArn image = image();
        if (deadline == null && waitTimeoutMinutes != null) {
            deadline = System.currentTimeMillis()
                    + Duration.ofMinutes(waitTimeoutMinutes).toMillis();
        }
        ImageBuildTracker tracker = tracker(run(), log(), credentials());
        ImageBuildWatcher.Watch started = tracker.watch(
                image,
                Instant.ofEpochMilli(startedAt),
                lastStatus == null ? null : ImageBuildStatus.fromService(lastStatus),
                deadline == null ? null : Instant.ofEpochMilli(deadline),
                status -> {
                    lastStatus = status.name();
                    getContext().saveState();
                });
        watch = started;
        // Not on the timer thread that completed the wait: settling saves the build and may cancel.
        started.result()
                .whenCompleteAsync(
                        (build, failure) -> finished(tracker, image, build, failure), Computer.threadPoolForRemoting);
        if (stopping) {
            started.cancel();
        }
    }

    private void finished(ImageBuildTracker tracker, ImageBuildVersionArn image, ImageBuild build, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            return; // stopped: stop() completes the step
        }
        if (cause != null) {
            if (cause instanceof ImageBuilderException
                    && ((ImageBuilderException) cause).kind() == ImageBuilderException.Kind.WAIT_DEADLINE
                    && cancelOnAbort
                    && claimCancel()) {
                tracker.cancel(image, ClientToken.of(clientToken));
            }
            fail(cause);
            return;
        }
        try {
            complete(tracker.settle(build));
        } catch (AbortException e) {
            fail(e);
        }
    }

    private ImageBuildTracker tracker(Run<?, ?> run, ImageBuildLog log, RefreshingCredentialsProvider credentials)
            throws AbortException {
        ImageBuildVersionArn image = image();
        ClientSettings settings = StepInputs.validate(() -> ClientSettings.forRegion(image.regionAgreeingWith(region))
                .withEndpoint(endpointUrl)
                .withProxy(JenkinsProxy.settings()));
        return new ImageBuildTracker(run, log, settings, credentials);
    }

    /** Whether this caller is the one to cancel: stop() may come more than once, and race the start. */
    private synchronized boolean claimCancel() {
        if (cancelClaimed) {
            return false;
        }
        cancelClaimed = true;
        return true;
    }

    private RefreshingCredentialsProvider credentials() throws Exception {
        return AwsCredentialsResolver.forRun(run(), getContext().get(EnvVars.class), credentialsId);
    }

    private ImageBuildVersionArn image() {
        return ImageBuildVersionArn.parse(imageArn);
    }

    private Run<?, ?> run() throws Exception {
        return getContext().get(Run.class);
    }

    private ImageBuildLog log() {
        try {
            return new ImageBuildLog(getContext().get(TaskListener.class));
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "No build log for " + getStatus(), e);
            return new ImageBuildLog(TaskListener.NULL);
        }
    }

    private void complete(Object result) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        getContext().onSuccess(result);
    }

    private void fail(Throwable cause) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        getContext()
                .onFailure(
                        cause instanceof ImageBuilderException || cause instanceof InvalidInputException
                                ? new AbortException(cause.getMessage())
                                : cause);
    }

    /** Work that may fail; a failure fails the step. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private void inBackground(Work work) {
        Computer.threadPoolForRemoting.submit(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                fail(t);
            }
        });
    }
}
