package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildOptions;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildProgress;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildReport;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildRequest;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildSession;
import java.util.concurrent.ScheduledExecutorService;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Runs {@code startImagePipeline} and {@code waitForImage}: an {@link ImageBuildSession} decides, this
 * turns what it says into {@link StepContext} calls. It keeps the request and the session's progress,
 * from which the session carries on after a restart; never a client, a credential or a secret.
 */
public final class ImageBuildExecution extends StepExecution implements ImageBuildSession.Host {

    private static final long serialVersionUID = 1L;

    private final ImageBuildRequest request;
    private final ImageBuildProgress progress = new ImageBuildProgress();
    private transient ImageBuildSession session;

    private ImageBuildExecution(StepContext context, ImageBuildRequest request) {
        super(context);
        this.request = request;
    }

    /** Validates what the step says, before anything is sent; an AbortException says what is wrong. */
    static ImageBuildExecution of(StepContext context, ImageBuildOptions options) throws Exception {
        String step = context.get(FlowNode.class).getId();
        return new ImageBuildExecution(context, JenkinsBuild.request(options, context.get(Run.class), step, null));
    }

    @Override
    public boolean start() {
        session().start();
        return false;
    }

    @Override
    public void onResume() {
        session().resume();
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        session().stop(cause);
    }

    @Override
    public String getStatus() {
        return session().describe();
    }

    private synchronized ImageBuildSession session() {
        if (session == null) {
            session = new ImageBuildSession(request, progress, SharedRuntime.get(), this);
        }
        return session;
    }

    @Override
    public void persist() {
        getContext().saveState();
    }

    @Override
    public void log(String line) {
        context(TaskListener.class).getLogger().println(line);
    }

    @Override
    public void report(ImageBuildReport report) {
        ImageBuildsAction.of(context(Run.class)).record(report);
    }

    @Override
    public void succeeded(Object result) {
        getContext().onSuccess(result);
    }

    @Override
    public void failed(String message) {
        getContext().onFailure(new AbortException(message));
    }

    @Override
    public void failed(Throwable cause) {
        getContext().onFailure(cause);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return Timer.get();
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return AwsCredentialsResolver.forRun(context(Run.class), context(EnvVars.class), request.credentialsId());
    }

    private <T> T context(Class<T> type) {
        try {
            return getContext().get(type);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while looking up the " + type.getSimpleName(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
