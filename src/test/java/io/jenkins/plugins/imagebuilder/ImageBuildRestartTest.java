package io.jenkins.plugins.imagebuilder;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.CANCEL_IMAGE_CREATION;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import hudson.model.Result;
import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.HeldAnswers;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageLifecycle;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import io.jenkins.plugins.imagebuilder.aws.RecordedRequest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Controller restarts in the middle of a step: the build goes on with the same image, and no secret is kept. */
class ImageBuildRestartTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private WorkflowRun build(JenkinsRule r, String job) {
        WorkflowJob found = r.jenkins.getItemByFullName(job, WorkflowJob.class);
        assertNotNull(found);
        WorkflowRun build = found.getBuildByNumber(1);
        assertNotNull(build);
        return build;
    }

    private String onlyImage() {
        Set<String> images = endpoint.service().imageArns();
        assertEquals(1, images.size(), "images: " + images);
        return images.iterator().next();
    }

    @Test
    void aRestartMidWaitResumesTheSameImageAndKeepsNoSecret() throws Throwable {
        String pipeline = endpoint.service().addPipeline("eu-north-1", "web");
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            PluginTestSupport.addAwsCredentials(r.jenkins, PluginTestSupport.CREDENTIALS_ID);
            WorkflowJob job = PluginTestSupport.pipeline(
                    r, "bake", """
                    def image = startImagePipeline arn: '%s', credentialsId: '%s', endpointUrl: '%s', wait: true
                    echo "resumed and got ${image.amiId}"
                    """.formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url()));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Image build BUILDING after", build);
            assertEquals(Set.of(), PluginTestSupport.grep(build.getRootDir(), LocalImageBuilderEndpoint.SECRET_KEY));
        });
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            WorkflowRun build = build(r, "bake");
            assertEquals(Set.of(), PluginTestSupport.grep(build.getRootDir(), LocalImageBuilderEndpoint.SECRET_KEY));
            String image = onlyImage();

            endpoint.service().setImageStatus(image, ImageBuildStatus.AVAILABLE, null);
            r.assertBuildStatusSuccess(r.waitForCompletion(build));

            r.assertLogContains(
                    "Jenkins restarted: still waiting for image build " + image + " (last seen BUILDING)", build);
            r.assertLogContains("resumed and got " + FakeImageBuilder.amiId(image, "eu-north-1"), build);
            r.assertLogNotContains(LocalImageBuilderEndpoint.SECRET_KEY, build);
            assertEquals(1, endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).size(), "the image was started once");
            assertEquals(Set.of(), PluginTestSupport.grep(build.getRootDir(), LocalImageBuilderEndpoint.SECRET_KEY));
        });
    }

    @Test
    void keysFromTheEnvironmentAreNotKeptEither() throws Throwable {
        String pipeline = endpoint.service().addPipeline("eu-north-1", "web");
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            PluginTestSupport.addAwsCredentials(r.jenkins, PluginTestSupport.CREDENTIALS_ID);
            WorkflowJob job = PluginTestSupport.pipeline(
                    r, "bound", """
                    withCredentials([aws(credentialsId: '%s')]) {
                      startImagePipeline arn: '%s', endpointUrl: '%s', wait: true
                    }
                    """.formatted(PluginTestSupport.CREDENTIALS_ID, pipeline, endpoint.url()));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Image build BUILDING after", build);
            assertEquals(Set.of(), PluginTestSupport.grep(build.getRootDir(), LocalImageBuilderEndpoint.SECRET_KEY));
        });
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            WorkflowRun build = build(r, "bound");
            endpoint.service().setImageStatus(onlyImage(), ImageBuildStatus.AVAILABLE, null);
            r.assertBuildStatusSuccess(r.waitForCompletion(build));
            r.assertLogNotContains(LocalImageBuilderEndpoint.SECRET_KEY, build);
            assertEquals(Set.of(), PluginTestSupport.grep(build.getRootDir(), LocalImageBuilderEndpoint.SECRET_KEY));
        });
    }

    @Test
    void aRestartDuringTheStartSendsItAgainUnderTheSameTokenAndStartsOneImage() throws Throwable {
        String pipeline = endpoint.service().addPipeline("eu-north-1", "web");
        // The service starts the image build; its answer never reaches the first controller.
        HeldAnswers hold = endpoint.hold(START_IMAGE_PIPELINE_EXECUTION);
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            PluginTestSupport.addAwsCredentials(r.jenkins, PluginTestSupport.CREDENTIALS_ID);
            WorkflowJob job = PluginTestSupport.pipeline(
                    r, "interrupted", """
                    def image = startImagePipeline arn: '%s', credentialsId: '%s', endpointUrl: '%s'
                    echo "started ${image}"
                    """.formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url()));
            job.scheduleBuild2(0).waitForStart();
            hold.awaitHeld(1, Duration.ofSeconds(30));
        });
        hold.release();
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            WorkflowRun build = build(r, "interrupted");
            r.assertBuildStatusSuccess(r.waitForCompletion(build));

            String image = onlyImage();
            r.assertLogContains("started " + image, build);
            List<RecordedRequest> starts = endpoint.requests(START_IMAGE_PIPELINE_EXECUTION);
            assertEquals(2, starts.size(), "sent again after the restart");
            assertEquals(
                    starts.get(0).body().get("clientToken"),
                    starts.get(1).body().get("clientToken"));
        });
    }

    @Test
    void aRestartDuringTheCancelOfAnAbortCancelsAgainAndTheBuildEndsAborted() throws Throwable {
        String pipeline = endpoint.service().addPipeline("eu-north-1", "web");
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        HeldAnswers hold = endpoint.hold(CANCEL_IMAGE_CREATION);
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            PluginTestSupport.addAwsCredentials(r.jenkins, PluginTestSupport.CREDENTIALS_ID);
            WorkflowJob job = PluginTestSupport.pipeline(
                    r,
                    "abort",
                    "startImagePipeline arn: '%s', credentialsId: '%s', endpointUrl: '%s', wait: true"
                            .formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url()));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Image build BUILDING after", build);
            build.doStop();
            r.waitForMessage("Aborted: cancelling image build", build);
            hold.awaitHeld(1, Duration.ofSeconds(30));
        });
        hold.release();
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            WorkflowRun build = build(r, "abort");
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));

            String image = onlyImage();
            r.assertLogContains("Jenkins restarted while image build " + image + " was being cancelled", build);
            r.assertLogContains("Cancelled image build " + image, build);
            assertEquals(ImageBuildStatus.CANCELLED, endpoint.service().statusOf(image));
            assertEquals(2, endpoint.requests(CANCEL_IMAGE_CREATION).size(), "sent again under its token");
        });
    }

    @Test
    void aStepThatWaitsAcrossARestartCanStillBeResumedFromTheBuildPage() throws Throwable {
        String pipeline = endpoint.service().addPipeline("us-east-1", "web");
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(
                        ImageBuildStatus.PENDING,
                        ImageBuildStatus.BUILDING,
                        ImageBuildStatus.TESTING,
                        ImageBuildStatus.TESTING,
                        ImageBuildStatus.AVAILABLE));
        endpoint.service().holdForAction(pipeline, "ApproveImage");
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            PluginTestSupport.addAwsCredentials(r.jenkins, PluginTestSupport.CREDENTIALS_ID);
            WorkflowJob job = PluginTestSupport.pipeline(
                    r, "gate", """
                    startImagePipeline arn: '%s', credentialsId: '%s', endpointUrl: '%s', wait: true
                    """.formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url()));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("The wait goes on until the step is resumed or stopped", build);
        });
        sessions.then(r -> {
            PluginTestSupport.shortSchedules();
            WorkflowRun build = build(r, "gate");
            ImageBuildsAction page = build.getAction(ImageBuildsAction.class);
            ImageBuildRecord record = page.getRecords().get(0);
            // The resumed wait sees the step again and offers it to the page again.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!page.mayDecide(record, "RESUME") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String step = endpoint.service().waitingStepOf(onlyImage());
            JenkinsRule.WebClient web = r.createWebClient();
            WebRequest resume = new WebRequest(
                    new URL(
                            r.getURL(),
                            build.getUrl() + "image-builder/stepAction?image=" + onlyImage() + "&step=" + step
                                    + "&decision=RESUME"),
                    HttpMethod.POST);
            web.addCrumb(resume);
            web.getPage(resume);

            r.assertBuildStatusSuccess(r.waitForCompletion(build));
            assertEquals(1, endpoint.service().stepActions(onlyImage()).size());
            String log = JenkinsRule.getLog(build);
            assertEquals(2, log.split("waits for an action", -1).length, "told once, before the restart:\n" + log);
        });
    }
}
