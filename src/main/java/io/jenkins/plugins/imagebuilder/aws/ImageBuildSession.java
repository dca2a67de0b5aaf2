package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The life of one image build for one step: start it under its client token, note its ARN, wait
 * for it, cancel it on abort or at the deadline, settle the outcome, and carry on from any of these
 * points after a controller restart. Every path ends in exactly one {@link Host#succeeded},
 * {@link Host#failed(String)} or {@link Host#failed(Throwable)}: never none, never two.
 *
 * <p>All decisions are taken one at a time on a sequential lane over the runtime's workers, so the
 * session's state needs no locks and nothing it does blocks the caller or Jenkins' timer. The start
 * and the cancellation are sent from the lane itself: a stop that comes while the start is under way
 * is decided once the start has answered, so that what it started is not left behind. What must
 * survive a restart is in {@link ImageBuildProgress}, saved through {@link Host#persist()}.
 */
public final class ImageBuildSession {

    private static final Logger LOGGER = Logger.getLogger(ImageBuildSession.class.getName());

    /** What the session needs from the step that runs it, and tells it. */
    public interface Host {
        /** The progress changed: save it now (it may block). */
        void persist();

        /** A line for the build log. */
        void log(String line);

        /** A new or changed image build for the build page and later steps. */
        void report(ImageBuildReport report);

        /** The step's value: the image build version ARN, or the outputs after a wait. */
        void succeeded(Object result);

        /** An expected failure, whose message says what happened and what to do. */
        void failed(String message);

        /** Why the build was stopped, or what failed unexpectedly. */
        void failed(Throwable cause);

        /** Jenkins' shared timer: used to time polls, never to run them. */
        ScheduledExecutorService scheduler();

        /**
         * The credentials of the step, as the build may use them.
         *
         * @throws CredentialsUnavailableException saying why there are none
         */
        AwsCredentialsProvider credentials();
    }

    private final ImageBuildRequest request;
    private final ImageBuildProgress progress;
    private final ImageBuilderRuntime runtime;
    private final Host host;
    private final SequentialExecutor lane;

    // Set at once, so that a start under way on the lane sees it when it answers.
    private final AtomicReference<Throwable> stopRequested = new AtomicReference<>();

    // Confined to the lane.
    private boolean settled;
    private boolean stopHandled;
    private ImageBuildWatcher.Watch watch;
    private ImageBuilderGateway poller;
    private AwsCredentialsProvider credentials;
    private final WaitingSteps waitingSteps;
    private final VulnerabilityGate vulnerabilityGate;
    // Whether the wait goes on for the vulnerability scan of an available image, and the scan's last state.
    private boolean scanning;
    private String lastScanStatus;

    public ImageBuildSession(
            ImageBuildRequest request, ImageBuildProgress progress, ImageBuilderRuntime runtime, Host host) {
        this.request = request;
        this.progress = progress;
        this.runtime = runtime;
        this.host = host;
        this.lane = new SequentialExecutor(runtime.workers());
        this.waitingSteps = new WaitingSteps(
                request,
                progress,
                host,
                () -> gateway(ImageBuilderAccess.Purpose.DECIDE),
                runtime::isClosing,
                this::send);
        this.vulnerabilityGate = new VulnerabilityGate(
                request.failOnFindings(),
                () -> gateway(ImageBuilderAccess.Purpose.DECIDE),
                host::log,
                runtime::isClosing);
    }

    /** Begins: sends the start, or for a wait, polls the image. Returns at once. */
    public void start() {
        onLane(() -> {
            credentials(); // no credentials: fail now, before anything is sent or reported
            if (request.action() == ImageBuildRequest.Action.WAIT) {
                ImageBuildVersionArn image = request.image();
                progress.begin(runtime.clock().instant(), ImageBuildProgress.Phase.WAITING, image);
                host.persist();
                host.report(new ImageBuildReport(image, null, null, null, ImageBuildVariables.started(image)));
                host.log(EngineMessage.LOG_WAITING.format(image));
                watch();
            } else {
                progress.begin(runtime.clock().instant(), ImageBuildProgress.Phase.STARTING, null);
                host.persist();
                launch();
            }
        });
    }

    /** Carries on after a controller restart, from where the progress says. */
    public void resume() {
        onLane(() -> {
            ImageBuildVersionArn image = progress.image();
            switch (progress.phase()) {
                case STARTING:
                    host.log(EngineMessage.LOG_RESUMING_START.format(request.pipeline()));
                    launch();
                    break;
                case STARTED:
                    succeed(image.toString());
                    break;
                case WAITING:
                    ImageBuildStatus last = progress.lastStatus();
                    host.log(EngineMessage.LOG_RESUMING_WAIT.format(image, last == null ? "?" : last.name()));
                    watch();
                    break;
                case CANCELLING:
                    host.log(EngineMessage.LOG_RESUMING_CANCEL.format(image));
                    cancel(image, this::failAfterCancel);
                    break;
                default:
                    throw new IllegalStateException("unknown phase " + progress.phase());
            }
        });
    }

    /**
     * The Jenkins build is being stopped: cancel the image build (unless told not to) and end with
     * {@code cause}. A start under way is let finish first, so that what it started is not left behind.
     */
    public void stop(Throwable cause) {
        stopRequested.compareAndSet(null, cause);
        onLane(this::stopped);
    }

    private void stopped() {
        if (settled || stopHandled) {
            return;
        }
        stopHandled = true;
        Throwable cause = stopRequested.get();
        if (watch != null) {
            watch.cancel();
        }
        if (progress.phase() == ImageBuildProgress.Phase.STARTING) {
            fail(cause); // nothing was started
        } else if (progress.phase() != ImageBuildProgress.Phase.CANCELLING) {
            afterStop(cause);
        }
    }

    /** What the step is doing, for the Pipeline's thread dump and status. */
    public String describe() {
        ImageBuildVersionArn image = progress.image();
        if (image == null) {
            return EngineMessage.STATUS_STARTING.format(request.subject());
        }
        ImageBuildStatus last = progress.lastStatus();
        return EngineMessage.STATUS_WAITING.format(image, last == null ? "?" : last.name());
    }

    private void launch() {
        if (stopRequested.get() != null) {
            stopped();
            return;
        }
        StartedImageBuild started;
        try {
            started = gateway(ImageBuilderAccess.Purpose.START).start(request.startRequest());
        } catch (ImageBuilderException e) {
            if (runtime.isClosing()) {
                return; // cut short by Jenkins stopping: sent again, under the same token, after the restart
            }
            Throwable stop = stopRequested.get();
            if (stop != null) {
                fail(stop);
            } else {
                fail(e.getMessage());
            }
            return;
        }
        launched(started.imageBuildVersionArn());
    }

    private void launched(ImageBuildVersionArn image) {
        progress.imageKnown(image, request.waits());
        host.persist();
        host.report(new ImageBuildReport(image, request.pipeline(), null, null, ImageBuildVariables.started(image)));
        String link = ConsoleLinks.image(image).orElse(null);
        String pipeline = request.pipeline().name();
        host.log(
                link == null
                        ? EngineMessage.LOG_STARTED.format(image, pipeline)
                        : EngineMessage.LOG_STARTED_WITH_LINK.format(image, pipeline, link));
        if (stopRequested.get() != null) {
            stopped();
        } else if (request.waits()) {
            watch();
        } else {
            succeed(image.toString());
        }
    }

    private void watch() {
        watch(build -> build.status().isTerminal());
    }

    private void watch(Predicate<ImageBuild> done) {
        ImageBuildVersionArn image = progress.image();
        progress.deadlineFrom(runtime.clock().instant(), request.waitTimeout());
        host.persist();
        if (poller == null) {
            poller = gateway(ImageBuilderAccess.Purpose.POLL);
        }
        ImageBuildWatcher watcher = new ImageBuildWatcher(
                host.scheduler(),
                runtime.workers(),
                runtime.clock(),
                runtime.pollSchedule(),
                runtime.maxConsecutiveFailures());
        ImageBuilderGateway source = poller;
        watch = watcher.watch(
                image,
                polled -> {
                    ImageBuild build = source.getImage(polled);
                    String scanStatus = build.scan().status();
                    if (scanStatus != null) {
                        onLane(() -> lastScanStatus = scanStatus); // for the message if the scan outlasts the wait
                    }
                    // Told on the lane before the state that this poll saw: a failed step, then the failure.
                    WorkflowStepLog.Sighting steps = WorkflowStepLog.fetch(source, polled, build.status(), progress);
                    if (steps != null) {
                        onLane(() -> workflowSteps(steps));
                    }
                    return build;
                },
                new ImageBuildWatcher.Listener() {
                    @Override
                    public void statusChanged(ImageBuildStatus previous, ImageBuild current, Duration elapsed) {
                        onLane(() -> seen(current, elapsed));
                    }

                    @Override
                    public void pollFailed(
                            ImageBuilderException failure, int consecutiveFailures, Duration nextPollIn) {
                        if (consecutiveFailures == 1) {
                            onLane(() -> host.log(EngineMessage.LOG_POLL_FAILED.format(
                                    Elapsed.format(nextPollIn), failure.getMessage())));
                        }
                    }
                },
                progress.startedAt(),
                progress.lastStatus(),
                progress.deadline(),
                done);
        ImageBuildWatcher.Watch current = watch;
        current.result().whenComplete((build, failure) -> onLane(() -> watchEnded(current, build, failure)));
    }

    private void workflowSteps(WorkflowStepLog.Sighting steps) {
        if (settled || stopRequested.get() != null) {
            return;
        }
        List<String> untold =
                steps == WorkflowStepLog.Sighting.DENIED ? List.of() : WaitingSteps.untold(steps, progress);
        List<String> lines = WorkflowStepLog.apply(steps, progress);
        if (!lines.isEmpty()) {
            host.persist();
            lines.forEach(host::log);
        }
        if (steps == WorkflowStepLog.Sighting.DENIED) {
            return;
        }
        WaitingSteps.Next next = waitingSteps.seen(steps, untold, !lines.isEmpty());
        if (next.returned != null) {
            returnAt(next.returned);
        } else if (next.failure != null) {
            fail(next.failure);
        }
    }

    /** The build page's Resume and Stop: sends the action through this wait, on the lane. */
    private CompletableFuture<String> send(String stepExecutionId, WaitingStepAction action, String decidedBy) {
        CompletableFuture<String> sent = new CompletableFuture<>();
        onLane(() -> {
            try {
                if (settled) {
                    throw waitingSteps.notWaiting(stepExecutionId);
                }
                sent.complete(waitingSteps.sendFor(stepExecutionId, action, decidedBy));
            } catch (RuntimeException e) { // an ImageBuilderException says what went wrong, in words for the user
                sent.completeExceptionally(e);
            }
        });
        return sent;
    }

    /** {@code onWaitingStep: 'return'}: the wait ends with the waiting step, for the Pipeline to decide. */
    private void returnAt(WorkflowStep step) {
        if (watch != null) {
            watch.cancel();
        }
        ImageBuildVersionArn image = progress.image();
        ImageBuildStatus status = progress.lastStatus() == null ? ImageBuildStatus.UNKNOWN : progress.lastStatus();
        host.log(EngineMessage.LOG_WAITING_RETURNED.format(UserText.escape(step.name()), step.id()));
        host.report(new ImageBuildReport(image, null, status, null, ImageBuildVariables.waiting(image, status, step)));
        succeed(ImageBuildVariables.waitingResult(image, status, step));
    }

    private void seen(ImageBuild build, Duration elapsed) {
        if (settled || stopRequested.get() != null) {
            return;
        }
        progress.seen(build.status());
        host.persist();
        String when = Elapsed.format(elapsed);
        host.log(
                build.reason() == null
                        ? EngineMessage.LOG_STATUS.format(build.status(), when)
                        : EngineMessage.LOG_STATUS_WITH_REASON.format(
                                build.status(), when, UserText.escape(build.reason())));
        host.report(new ImageBuildReport(build.arn(), null, build.status(), build.reason(), null));
    }

    private void watchEnded(ImageBuildWatcher.Watch ended, ImageBuild build, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (ended != watch || settled || stopRequested.get() != null || cause instanceof CancellationException) {
            // Stopped (stop() settles), superseded, or the scheduler is shutting down: Jenkins is
            // stopping, and the wait carries on when it starts again.
            return;
        }
        if (cause instanceof ImageBuilderException) {
            ImageBuilderException problem = (ImageBuilderException) cause;
            if (problem.kind() == ImageBuilderException.Kind.WAIT_DEADLINE && scanning) {
                fail(EngineMessage.FAILURE_SCAN_DEADLINE.format(
                        progress.image(),
                        lastScanStatus == null ? "PENDING" : lastScanStatus,
                        Elapsed.format(Duration.between(
                                progress.startedAt(), runtime.clock().instant()))));
            } else if (problem.kind() == ImageBuilderException.Kind.WAIT_DEADLINE && request.cancelsOnAbort()) {
                ImageBuildVersionArn image = progress.image();
                progress.cancelling(null, problem.getMessage());
                host.persist();
                host.log(EngineMessage.LOG_DEADLINE_CANCELLING.format(image));
                cancel(image, this::failAfterCancel);
            } else {
                fail(problem.getMessage());
            }
            return;
        }
        if (cause != null) {
            fail(cause);
            return;
        }
        settle(build);
    }

    /**
     * The image build reached a final state: check its vulnerability scan if asked to (waiting for the scan
     * first), tell the page and the variables, then the outcome.
     */
    private void settle(ImageBuild build) {
        lastScanStatus = build.scan().status();
        VulnerabilityGate.Verdict verdict = null;
        if (build.status().isSuccess()) {
            verdict = vulnerabilityGate.judge(build);
            if (verdict == VulnerabilityGate.Verdict.AWAIT_SCAN) {
                awaitScan(build);
                return;
            } else if (verdict == VulnerabilityGate.Verdict.CUT_SHORT) {
                return; // looked at again after the restart
            }
        }
        VulnerabilityFindings findings = verdict == null ? null : verdict.findings;
        ImageOutputs.of(build).warnings().forEach(host::log);
        waitingSteps.release(); // told with this last report
        host.report(new ImageBuildReport(
                        build.arn(),
                        null,
                        build.status(),
                        build.reason(),
                        ImageBuildVariables.finished(build, findings))
                .withWaiting(List.of(), null));
        if (verdict != null && verdict.failure != null) {
            fail(verdict.failure);
        } else if (build.status().isSuccess()) {
            succeed(ImageBuildVariables.result(build, findings));
        } else {
            fail(
                    build.reason() == null
                            ? EngineMessage.FAILURE_IMAGE_ENDED_NO_REASON.format(build.arn(), build.status())
                            : EngineMessage.FAILURE_IMAGE_ENDED.format(
                                    build.arn(), build.status(), UserText.escape(build.reason())));
        }
    }

    /** The image is available and the gate needs its scan: poll on, within the same deadline, until the scan ends. */
    private void awaitScan(ImageBuild build) {
        if (!scanning) {
            scanning = true;
            host.log(EngineMessage.LOG_SCAN_WAITING.format(
                    build.arn(),
                    build.scan().status() == null ? "PENDING" : build.scan().status()));
        }
        watch(polled ->
                polled.status() != ImageBuildStatus.AVAILABLE || polled.scan().isSettled());
    }

    /** The build was stopped after the image build was known. */
    private void afterStop(Throwable cause) {
        ImageBuildVersionArn image = progress.image();
        if (!request.cancelsOnAbort()) {
            host.log(EngineMessage.LOG_LEFT_RUNNING.format(image));
            fail(cause);
            return;
        }
        progress.cancelling(cause, null);
        host.persist();
        host.log(EngineMessage.LOG_CANCELLING.format(image));
        cancel(image, this::failAfterCancel);
    }

    private void failAfterCancel() {
        Throwable abort = stopRequested.get() != null ? stopRequested.get() : progress.abortCause();
        if (abort != null) {
            fail(abort);
        } else {
            fail(progress.failure());
        }
    }

    /** Asks Image Builder to stop the image build; whatever it answers is logged, then {@code then} runs. */
    private void cancel(ImageBuildVersionArn image, Runnable then) {
        ClientToken token = request.clientToken().derivedFor("cancel");
        try {
            CancelOutcome outcome = gateway(ImageBuilderAccess.Purpose.CANCEL).cancel(image, token);
            if (runtime.isClosing()) {
                return; // answered as Jenkins stopped: the resumed step sends it again under the same token
            }
            if (outcome == CancelOutcome.CANCELLED) {
                host.log(EngineMessage.LOG_CANCELLED.format(image));
                host.report(new ImageBuildReport(image, null, ImageBuildStatus.CANCELLED, null, null));
            } else {
                host.log(EngineMessage.LOG_ALREADY_FINISHED.format(image));
                reportFinalState(image);
            }
        } catch (ImageBuilderException e) {
            if (runtime.isClosing()) {
                return; // cut short by Jenkins stopping: cancelled again after the restart
            }
            host.log(EngineMessage.LOG_CANCEL_FAILED.format(image, e.getMessage()));
            host.report(ImageBuildReport.cancelFailed(image, e.getMessage()));
        }
        then.run();
    }

    /** The state an image build that ended before its cancellation ended in, for the build page. */
    private void reportFinalState(ImageBuildVersionArn image) {
        try {
            ImageBuild build = gateway(ImageBuilderAccess.Purpose.POLL).getImage(image);
            host.report(new ImageBuildReport(build.arn(), null, build.status(), build.reason(), null));
        } catch (ImageBuilderException e) {
            // The page keeps the last state seen; the log has said that the build had finished.
            LOGGER.log(Level.FINE, "Could not read the final state of " + image, e);
        }
    }

    private ImageBuilderGateway gateway(ImageBuilderAccess.Purpose purpose) {
        return runtime.access().gateway(purpose, request.region(), request.endpointUrl(), credentials());
    }

    /** The step's credentials, looked up once per session and renewed before they expire. */
    private AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = RefreshingCredentialsProvider.wrap(host.credentials());
        }
        return credentials;
    }

    /** The call that credentials were looked up for, named as every failure names it: pipeline or image. */
    private String callWithoutCredentials() {
        ImageBuildVersionArn image = progress.image() != null ? progress.image() : request.image();
        if (image == null) {
            ImagePipelineArn pipeline = request.pipeline();
            return ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION.describeFailure(
                    pipeline.name(), pipeline.toString());
        }
        ImageBuilderOperation call = progress.phase() == ImageBuildProgress.Phase.CANCELLING
                ? ImageBuilderOperation.CANCEL_IMAGE_CREATION
                : ImageBuilderOperation.GET_IMAGE;
        return call.describeFailure(image.name(), image.toString());
    }

    /** The wait ends: the page no longer offers to decide a step through it. */
    private void releaseWaitingSteps() {
        if (waitingSteps.release()) {
            host.report(new ImageBuildReport(progress.image(), null, null, null, null).withWaiting(List.of(), null));
        }
    }

    /**
     * Whether this session may still give its verdict: once, and not while Jenkins stops. A step's context
     * outlives the controller that ran it, so a verdict reached then would end the build that Jenkins resumes.
     */
    private boolean mayDecide() {
        return !settled && !runtime.isClosing();
    }

    private void succeed(Object result) {
        if (!mayDecide()) {
            return;
        }
        settled = true;
        releaseWaitingSteps();
        host.succeeded(result);
    }

    private void fail(String message) {
        if (!mayDecide()) {
            return;
        }
        settled = true;
        releaseWaitingSteps();
        host.failed(message);
    }

    private void fail(Throwable cause) {
        if (!mayDecide()) {
            return;
        }
        settled = true;
        releaseWaitingSteps();
        host.failed(cause);
    }

    /** Runs a decision on the lane; whatever it throws ends the session rather than leave it hanging. */
    private void onLane(Runnable decision) {
        try {
            lane.execute(() -> {
                if (runtime.isClosing()) {
                    // Jenkins is stopping: a call cut short now is no verdict; the session resumes after the restart.
                    return;
                }
                try {
                    decision.run();
                } catch (RuntimeException | Error e) {
                    if (runtime.isClosing()) {
                        // Jenkins stopped during the call (its clients and timers are closed): still no verdict.
                        LOGGER.log(Level.FINE, "Not deciding for " + request.subject() + ": Jenkins is stopping", e);
                        return;
                    }
                    decided(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // The workers are shutting down with Jenkins: no verdict; a Pipeline carries on after the restart.
            LOGGER.log(Level.FINE, "Not deciding for " + request.subject() + ": the workers are shutting down", e);
        }
    }

    /** A decision that threw: expected failures end the step with their message, anything else with its cause. */
    private void decided(Throwable thrown) {
        if (thrown instanceof CredentialsUnavailableException e) {
            fail(EngineMessage.FAILURE.format(callWithoutCredentials(), request.region(), e.getMessage()));
        } else if (thrown instanceof InvalidInputException e) {
            fail(e.getMessage());
        } else {
            LOGGER.log(Level.WARNING, "Image build session for " + request.subject() + " failed", thrown);
            fail(thrown);
        }
    }
}
