package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Project;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.imagebuilder.aws.ClientToken;
import io.jenkins.plugins.imagebuilder.aws.ImageBuild;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVariables;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildWatcher;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderException;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderGateway;
import io.jenkins.plugins.imagebuilder.aws.LaunchRequest;
import io.jenkins.plugins.imagebuilder.aws.RefreshingCredentialsProvider;
import io.jenkins.plugins.imagebuilder.aws.StartedImageBuild;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step: starts an execution of an EC2 Image Builder pipeline, optionally waits
 * for the image, and exports {@code IMAGE_BUILD_VERSION_ARN} (and, after a wait, the outputs) to
 * later build steps and post-build actions. {@code ${VAR}} in the ARN and tag values is expanded
 * from the build's environment. A freestyle build holds its executor while it waits; Pipeline's
 * {@code startImagePipeline} does not.
 */
public final class StartImagePipelineBuilder extends Builder implements SimpleBuildStep {

    private final String arn;
    private List<ImageTag> tags = new ArrayList<>();
    private String credentialsId;
    private String region;
    private String endpointUrl;
    private String clientToken;
    private boolean traceabilityTags = true;
    private boolean wait;
    private boolean cancelOnAbort = true;
    private Integer waitTimeoutMinutes;

    @DataBoundConstructor
    public StartImagePipelineBuilder(String arn) {
        this.arn = Util.fixNull(arn).strip();
    }

    public String getArn() {
        return arn;
    }

    public List<ImageTag> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(List<ImageTag> tags) {
        this.tags = tags == null ? new ArrayList<>() : new ArrayList<>(tags);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    public String getEndpointUrl() {
        return endpointUrl;
    }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) {
        this.endpointUrl = Util.fixEmptyAndTrim(endpointUrl);
    }

    public String getClientToken() {
        return clientToken;
    }

    @DataBoundSetter
    public void setClientToken(String clientToken) {
        this.clientToken = Util.fixEmpty(clientToken);
    }

    /** Whether to add the jenkins:job/build/url tags (unless an administrator turned them off for all builds). */
    public boolean isTraceabilityTags() {
        return traceabilityTags;
    }

    @DataBoundSetter
    public void setTraceabilityTags(boolean traceabilityTags) {
        this.traceabilityTags = traceabilityTags;
    }

    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public boolean isCancelOnAbort() {
        return cancelOnAbort;
    }

    @DataBoundSetter
    public void setCancelOnAbort(boolean cancelOnAbort) {
        this.cancelOnAbort = cancelOnAbort;
    }

    public Integer getWaitTimeoutMinutes() {
        return waitTimeoutMinutes;
    }

    @DataBoundSetter
    public void setWaitTimeoutMinutes(Integer waitTimeoutMinutes) {
        this.waitTimeoutMinutes = waitTimeoutMinutes == null || waitTimeoutMinutes <= 0 ? null : waitTimeoutMinutes;
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        ImageBuildLog log = new ImageBuildLog(listener);
        Map<String, String> expandedTags = new LinkedHashMap<>();
        ImageTag.toMap(tags).forEach((key, value) -> expandedTags.put(env.expand(key), env.expand(value)));
        boolean traceability =
                traceabilityTags && ImageBuilderGlobalConfiguration.get().isTraceabilityTags();
        LaunchRequest.Launch launch = StepInputs.validate(new LaunchRequest(env.expand(arn))
                .tags(expandedTags)
                .traceabilityTags(traceability ? BuildIdentity.traceabilityTags(run) : Map.of())
                .clientToken(clientToken == null ? null : env.expand(clientToken))
                .build(BuildIdentity.tokenSeed(run), discriminator(run))
                .region(region == null ? null : env.expand(region))
                .endpointUrl(endpointUrl)
                .proxy(JenkinsProxy.settings())
                .retries(StepInputs.startRetries));
        RefreshingCredentialsProvider credentials =
                AwsCredentialsResolver.forRun(run, env, credentialsId == null ? null : env.expand(credentialsId));
        StartedImageBuild started;
        try (ImageBuilderGateway gateway = ImageBuilderGateway.open(launch.settings(), credentials)) {
            started = StepInputs.call(() -> gateway.start(launch.startRequest()));
        }
        ImageBuildVersionArn image = started.imageBuildVersionArn();
        ImageBuildsAction.of(run)
                .started(launch.startRequest().pipeline().toString(), image, ImageBuildVariables.started(image));
        log.started(image, launch.startRequest().pipeline().name());
        if (wait) {
            ImageBuildTracker tracker = new ImageBuildTracker(run, log, launch.settings(), credentials);
            awaitImage(tracker, image, started.clientToken());
        }
    }

    /** Blocks the build's executor until the image is done: a freestyle build cannot do otherwise. */
    private void awaitImage(ImageBuildTracker tracker, ImageBuildVersionArn image, ClientToken token)
            throws InterruptedException, AbortException {
        Instant deadline =
                waitTimeoutMinutes == null ? null : Instant.now().plus(Duration.ofMinutes(waitTimeoutMinutes));
        ImageBuildWatcher.Watch watch = tracker.watch(image, Instant.now(), null, deadline, status -> {});
        ImageBuild build;
        try {
            build = watch.result().get();
        } catch (InterruptedException e) {
            watch.cancel();
            if (cancelOnAbort) {
                tracker.cancel(image, token);
            }
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImageBuilderException) {
                ImageBuilderException failure = (ImageBuilderException) e.getCause();
                if (failure.kind() == ImageBuilderException.Kind.WAIT_DEADLINE && cancelOnAbort) {
                    tracker.cancel(image, token);
                }
                throw new AbortException(failure.getMessage());
            }
            throw new AbortException(String.valueOf(e.getCause()));
        }
        tracker.settle(build);
    }

    /**
     * What tells this step from the build's other calls: its position among the project's build steps,
     * the same on every run of the step in this build.
     */
    private String discriminator(Run<?, ?> run) {
        if (run.getParent() instanceof Project) {
            int position = ((Project<?, ?>) run.getParent()).getBuildersList().indexOf(this);
            if (position >= 0) {
                return "builder-" + position;
            }
        }
        return "builder-" + ImageBuildsAction.of(run).getRecords().size();
    }

    @Extension
    @Symbol("imageBuilderStart")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        public DescriptorImpl() {
            // The fields mean the same as the Pipeline step's: one set of help files.
            for (String field : List.of(
                    "arn",
                    "tags",
                    "credentialsId",
                    "region",
                    "endpointUrl",
                    "clientToken",
                    "wait",
                    "cancelOnAbort",
                    "waitTimeoutMinutes",
                    "traceabilityTags")) {
                addHelpFileRedirect(field, StartImagePipelineStep.class, field);
            }
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.StartImagePipelineBuilder_DisplayName();
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return ImageBuilderForms.credentialsItems(item, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return ImageBuilderForms.checkCredentialsId(item, value);
        }

        @POST
        public FormValidation doCheckArn(@QueryParameter String value) {
            return ImageBuilderForms.checkPipelineArn(value);
        }

        @POST
        public FormValidation doCheckRegion(@QueryParameter String value) {
            return ImageBuilderForms.checkRegion(value);
        }

        @POST
        public FormValidation doCheckEndpointUrl(@QueryParameter String value) {
            return ImageBuilderForms.checkEndpointUrl(value);
        }

        @POST
        public FormValidation doCheckClientToken(@QueryParameter String value) {
            return ImageBuilderForms.checkClientToken(value);
        }

        @POST
        public FormValidation doCheckPipeline(
                @AncestorInPath Item item,
                @QueryParameter String arn,
                @QueryParameter String credentialsId,
                @QueryParameter String region,
                @QueryParameter String endpointUrl) {
            return ImageBuilderForms.checkPipeline(item, arn, credentialsId, region, endpointUrl);
        }
    }
}
