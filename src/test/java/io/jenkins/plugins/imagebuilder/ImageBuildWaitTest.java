package io.jenkins.plugins.imagebuilder;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.CANCEL_IMAGE_CREATION;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.GET_IMAGE;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.Fault;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageLifecycle;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import io.jenkins.plugins.imagebuilder.aws.PollSchedule;
import java.time.Duration;
import java.util.Set;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Waiting for images: {@code startImagePipeline(wait: true)} and {@code waitForImage}. */
@WithJenkins
class ImageBuildWaitTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private JenkinsRule r;
    private String pipeline;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        pipeline = PluginTestSupport.prepare(r, endpoint);
    }

    private String common() {
        return "credentialsId: '%s', endpointUrl: '%s'".formatted(PluginTestSupport.CREDENTIALS_ID, endpoint.url());
    }

    private String start(String pipelineArn, String more) {
        return "startImagePipeline(arn: '%s', %s%s)".formatted(pipelineArn, common(), more);
    }

    /** Starts a build and returns once its image build is seen BUILDING. */
    private WorkflowRun startUntilBuilding(WorkflowJob job) throws Exception {
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("Image build BUILDING after", build);
        return build;
    }

    private String onlyImage() {
        Set<String> images = endpoint.service().imageArns();
        assertEquals(1, images.size(), "images: " + images);
        return images.iterator().next();
    }

    @Test
    void theLogTellsEachWorkflowStepOnce() throws Exception {
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(
                                ImageBuildStatus.PENDING,
                                ImageBuildStatus.BUILDING,
                                ImageBuildStatus.BUILDING,
                                ImageBuildStatus.BUILDING,
                                ImageBuildStatus.BUILDING,
                                ImageBuildStatus.BUILDING,
                                ImageBuildStatus.FAILED)
                        .withReason("Component install-nginx failed"));
        WorkflowJob job = PluginTestSupport.pipeline(r, "steps", start(pipeline, ", wait: true"));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        String log = JenkinsRule.getLog(build);
        for (String step : new String[] {"LaunchBuildInstance", "ApplyBuildComponents", "CreateOutputAMI"}) {
            assertEquals(1, log.split("step " + step + " \\(\\w+\\) started", -1).length - 1, step + ":\n" + log);
        }
        r.assertLogContains("BUILD workflow: step ApplyBuildComponents (ExecuteComponents) COMPLETED after", build);
        r.assertLogContains("BUILD workflow: step TerminateBuildInstance (TerminateInstance) FAILED after", build);
        assertTrue(log.indexOf("(TerminateInstance) FAILED after") < log.indexOf("Image build FAILED after"), log);
    }

    @Test
    void waitingUntilAvailableReturnsTheOutputsAndExportsThem() throws Exception {
        endpoint.service().distributeTo(pipeline, "eu-west-1");
        // Each state lasts several polls: the log must still show each state once.
        endpoint.service()
                .lifecycle(ImageLifecycle.timed(
                        Duration.ofMillis(600),
                        ImageBuildStatus.PENDING,
                        ImageBuildStatus.BUILDING,
                        ImageBuildStatus.TESTING,
                        ImageBuildStatus.DISTRIBUTING,
                        ImageBuildStatus.AVAILABLE));
        WorkflowJob job = PluginTestSupport.pipeline(r, "wait", """
                def image = %s
                echo "returned ami=${image.amiId} status=${image.status} amis=${image.amis.size()} version=${image.version}"
                echo "environment ami=${env.IMAGE_BUILDER_AMI_ID} eu=${env.IMAGE_BUILDER_AMI_ID_EU_WEST_1} status=${env.IMAGE_BUILDER_STATUS}"
                """.formatted(start(pipeline, ", wait: true")));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        String image = onlyImage();
        String ami = FakeImageBuilder.amiId(image, "us-east-1");
        String euAmi = FakeImageBuilder.amiId(image, "eu-west-1");
        r.assertLogContains("returned ami=" + ami + " status=AVAILABLE amis=2 version=1.0.0/1", build);
        r.assertLogContains("environment ami=" + ami + " eu=" + euAmi + " status=AVAILABLE", build);
        String log = JenkinsRule.getLog(build);
        for (String state : new String[] {"PENDING", "BUILDING", "TESTING", "DISTRIBUTING", "AVAILABLE"}) {
            assertEquals(1, count(log, "Image build " + state + " after"), state + " is logged once:\n" + log);
        }
        assertTrue(endpoint.requests(GET_IMAGE).size() > 5, "several polls per state, one line per state");
    }

    @Test
    void aFailedImageFailsTheStepWithTheServicesReason() throws Exception {
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(
                                ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING, ImageBuildStatus.FAILED)
                        .withReason("Component install-nginx failed: exit code 1"));
        WorkflowJob job = PluginTestSupport.pipeline(r, "failed", """
                catchError(buildResult: 'UNSTABLE', stageResult: 'FAILURE') {
                  %s
                }
                echo "status=${env.IMAGE_BUILDER_STATUS}"
                """.formatted(start(pipeline, ", wait: true")));

        WorkflowRun build = r.buildAndAssertStatus(Result.UNSTABLE, job);

        r.assertLogContains(
                "Image build " + onlyImage() + " ended FAILED: Component install-nginx failed: exit code 1", build);
        r.assertLogContains("status=FAILED", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void abortingTheBuildCancelsTheImageBuild() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        WorkflowJob job = PluginTestSupport.pipeline(r, "abort", start(pipeline, ", wait: true"));

        WorkflowRun build = startUntilBuilding(job);
        build.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));

        String image = onlyImage();
        assertEquals(1, endpoint.requests(CANCEL_IMAGE_CREATION).size());
        assertEquals(ImageBuildStatus.CANCELLED, endpoint.service().statusOf(image));
        r.assertLogContains("Aborted: cancelling image build " + image, build);
        r.assertLogContains("Cancelled image build " + image, build);
    }

    @Test
    void aTimeoutCancelsTheImageBuild() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        WorkflowJob job = PluginTestSupport.pipeline(r, "timeout", """
                timeout(time: 3, unit: 'SECONDS') {
                  %s
                }
                """.formatted(start(pipeline, ", wait: true")));

        WorkflowRun build = r.buildAndAssertStatus(Result.ABORTED, job);

        assertEquals(1, endpoint.requests(CANCEL_IMAGE_CREATION).size());
        assertEquals(ImageBuildStatus.CANCELLED, endpoint.service().statusOf(onlyImage()));
        r.assertLogContains("Cancelled image build", build);
    }

    @Test
    void withCancelOnAbortOffTheImageBuildGoesOn() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        WorkflowJob job = PluginTestSupport.pipeline(r, "keep", start(pipeline, ", wait: true, cancelOnAbort: false"));

        WorkflowRun build = startUntilBuilding(job);
        build.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));

        assertTrue(endpoint.requests(CANCEL_IMAGE_CREATION).isEmpty());
        assertEquals(ImageBuildStatus.BUILDING, endpoint.service().statusOf(onlyImage()));
        r.assertLogContains("goes on running (cancelOnAbort is off)", build);
    }

    @Test
    void cancellingAnImageThatJustFinishedIsLoggedNotRaised() throws Exception {
        // Slow polls, so that the build is aborted before it sees the image finish.
        SharedRuntime.get()
                .withPollSchedule(
                        new PollSchedule(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), 2, 0));
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        WorkflowJob job = PluginTestSupport.pipeline(r, "race", start(pipeline, ", wait: true"));

        WorkflowRun build = startUntilBuilding(job);
        endpoint.service().setImageStatus(onlyImage(), ImageBuildStatus.AVAILABLE, null);
        build.doStop();
        r.waitForCompletion(build);

        r.assertLogContains("had already finished: nothing to cancel", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void waitForImageJoinsAnImageStartedEarlier() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(r, "join", """
                def arn = %s
                def image = waitForImage(arn: arn, %s)
                echo "joined ${image.imageBuildVersionArn} ${image.status}"
                """.formatted(start(pipeline, ""), common()));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("joined " + onlyImage() + " AVAILABLE", build);
        assertEquals(1, endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).size());
    }

    @Test
    void abortingAWaitForAnImageBuildStartedElsewhereLeavesItRunning() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        WorkflowJob starter = PluginTestSupport.pipeline(r, "scheduled", start(pipeline, ""));
        r.buildAndAssertSuccess(starter);
        String image = onlyImage();
        WorkflowJob joiner =
                PluginTestSupport.pipeline(r, "joiner", "waitForImage(arn: '%s', %s)".formatted(image, common()));

        WorkflowRun build = startUntilBuilding(joiner);
        build.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));

        assertTrue(endpoint.requests(CANCEL_IMAGE_CREATION).isEmpty(), "another build's image is not ours to cancel");
        assertEquals(ImageBuildStatus.BUILDING, endpoint.service().statusOf(image));
        r.assertLogContains("goes on running", build);
    }

    @Test
    void abortingAWaitForAnImageBuildThisBuildStartedCancelsIt() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        WorkflowJob job =
                PluginTestSupport.pipeline(r, "start-then-join", """
                def arn = %s
                waitForImage(arn: arn, %s)
                """.formatted(start(pipeline, ""), common()));

        WorkflowRun build = startUntilBuilding(job);
        build.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));

        assertEquals(1, endpoint.requests(CANCEL_IMAGE_CREATION).size());
        assertEquals(ImageBuildStatus.CANCELLED, endpoint.service().statusOf(onlyImage()));
    }

    @Test
    void cancelOnAbortTrueCancelsEvenAnImageBuildStartedElsewhere() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        r.buildAndAssertSuccess(PluginTestSupport.pipeline(r, "scheduled", start(pipeline, "")));
        String image = onlyImage();
        WorkflowJob joiner = PluginTestSupport.pipeline(
                r, "joiner", "waitForImage(arn: '%s', cancelOnAbort: true, %s)".formatted(image, common()));

        WorkflowRun build = startUntilBuilding(joiner);
        build.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));

        assertEquals(ImageBuildStatus.CANCELLED, endpoint.service().statusOf(image));
    }

    @Test
    void parallelBranchesEachWaitForTheirImage() throws Exception {
        String api = endpoint.service().addPipeline("us-east-1", "api");
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "parallel", """
                def web = %s
                def api = %s
                def results = [:]
                parallel web: { results.web = waitForImage(arn: web, %s) },
                         api: { results.api = waitForImage(arn: api, %s) }
                echo "web=${results.web.status} api=${results.api.status}"
                """.formatted(start(pipeline, ""), start(api, ""), common(), common()));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("web=AVAILABLE api=AVAILABLE", build);
        assertEquals(2, endpoint.service().imageArns().size());
        assertEquals(2, build.getAction(ImageBuildsAction.class).getRecords().size());
    }

    @Test
    void aFailingBranchWithFailFastCancelsTheOthersImage() throws Exception {
        String api = endpoint.service().addPipeline("us-east-1", "api");
        endpoint.service()
                .lifecycle(
                        pipeline,
                        ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.FAILED)
                                .withReason("broken"));
        endpoint.service().lifecycle(api, ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "fail-fast", """
                parallel failFast: true,
                         web: { %s },
                         api: { %s }
                """.formatted(start(pipeline, ", wait: true"), start(api, ", wait: true")));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        assertEquals(1, endpoint.requests(CANCEL_IMAGE_CREATION).size());
        assertTrue(String.valueOf(
                        endpoint.requests(CANCEL_IMAGE_CREATION).get(0).body().get("imageBuildVersionArn"))
                .contains(":image/api/"));
        r.assertLogContains("ended FAILED: broken", build);
    }

    @Test
    void anOutageWhilePollingIsRiddenOut() throws Exception {
        endpoint.service().inject(GET_IMAGE, Fault.unavailable(), 2);
        endpoint.service().inject(GET_IMAGE, Fault.throttle(), 2);
        WorkflowJob job = PluginTestSupport.pipeline(r, "outage", start(pipeline, ", wait: true"));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        assertEquals(
                1,
                count(JenkinsRule.getLog(build), "Could not get the state of the image build"),
                "one line for a run of failures");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
