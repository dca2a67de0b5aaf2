package io.jenkins.plugins.imagebuilder;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageLifecycle;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.util.Set;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A controller restart in the middle of a wait: the build goes on with the same image, and no secret is kept. */
class ImageBuildRestartTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @BeforeEach
    void shortSchedules() {
        PluginTestSupport.shortSchedules();
    }

    @AfterEach
    void defaultSchedules() {
        PluginTestSupport.defaultSchedules();
    }

    @Test
    void aRestartMidWaitResumesTheSameImageAndKeepsNoSecret() throws Throwable {
        String pipeline = endpoint.addPipeline("eu-north-1", "web");
        endpoint.lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        sessions.then(r -> {
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
            WorkflowJob job = r.jenkins.getItemByFullName("bake", WorkflowJob.class);
            assertNotNull(job);
            WorkflowRun build = job.getBuildByNumber(1);
            assertNotNull(build);
            assertEquals(Set.of(), PluginTestSupport.grep(build.getRootDir(), LocalImageBuilderEndpoint.SECRET_KEY));
            Set<String> images = endpoint.imageArns();
            assertEquals(1, images.size());
            String image = images.iterator().next();

            endpoint.setImageStatus(image, ImageBuildStatus.AVAILABLE, null);
            r.assertBuildStatusSuccess(r.waitForCompletion(build));

            r.assertLogContains(
                    "Jenkins restarted: still waiting for image build " + image + " (last seen BUILDING)", build);
            r.assertLogContains("resumed and got " + LocalImageBuilderEndpoint.amiId(image, "eu-north-1"), build);
            r.assertLogNotContains(LocalImageBuilderEndpoint.SECRET_KEY, build);
            assertEquals(1, endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).size(), "the image was started once");
            assertEquals(Set.of(), PluginTestSupport.grep(build.getRootDir(), LocalImageBuilderEndpoint.SECRET_KEY));
        });
    }

    @Test
    void keysFromTheEnvironmentAreNotKeptEither() throws Throwable {
        String pipeline = endpoint.addPipeline("eu-north-1", "web");
        endpoint.lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        sessions.then(r -> {
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
            WorkflowRun build =
                    r.jenkins.getItemByFullName("bound", WorkflowJob.class).getBuildByNumber(1);
            endpoint.setImageStatus(endpoint.imageArns().iterator().next(), ImageBuildStatus.AVAILABLE, null);
            r.assertBuildStatusSuccess(r.waitForCompletion(build));
            r.assertLogNotContains(LocalImageBuilderEndpoint.SECRET_KEY, build);
            assertEquals(Set.of(), PluginTestSupport.grep(build.getRootDir(), LocalImageBuilderEndpoint.SECRET_KEY));
        });
    }
}
