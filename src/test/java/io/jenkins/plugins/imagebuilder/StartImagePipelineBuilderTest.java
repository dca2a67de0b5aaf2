package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageLifecycle;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle build step. */
@WithJenkins
class StartImagePipelineBuilderTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private JenkinsRule r;
    private String pipeline;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        pipeline = PluginTestSupport.prepare(r, endpoint);
    }

    /** Remembers the environment that later build steps see. */
    private static final class EnvironmentCapture extends TestBuilder {
        final Map<String, String> seen = new ConcurrentHashMap<>();

        @Override
        public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                throws InterruptedException, IOException {
            EnvVars environment = build.getEnvironment(listener);
            seen.putAll(environment);
            return true;
        }
    }

    private StartImagePipelineBuilder builder(String arn) {
        StartImagePipelineBuilder builder = new StartImagePipelineBuilder(arn);
        builder.setCredentialsId(PluginTestSupport.CREDENTIALS_ID);
        builder.setEndpointUrl(endpoint.url());
        return builder;
    }

    /** Waiting holds the executor here: the freestyle step's help says so, and promises nothing of Pipeline. */
    @Test
    void theHelpOnWaitingIsTheFreestyleStepsOwn() throws Exception {
        JenkinsRule.WebClient web = r.createWebClient();

        for (String field : List.of("wait", "onWaitingStep")) {
            String help = help(web, field);
            assertTrue(help.contains("executor"), field + ": " + help);
            assertFalse(help.contains("No executor and no thread is held"), field + ": " + help);
            assertFalse(help.contains("imageWorkflowStepAction"), field + ": " + help);
        }
    }

    /** The help of a field of the freestyle step's form, as its help button fetches it. */
    private static String help(JenkinsRule.WebClient web, String field) throws Exception {
        return web.goTo("descriptorByName/" + StartImagePipelineBuilder.class.getName() + "/help/" + field, null)
                .getWebResponse()
                .getContentAsString();
    }

    @Test
    void configurationRoundTrip() throws Exception {
        StartImagePipelineBuilder before =
                builder("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/${PIPELINE}");
        before.setTags(List.of(new ImageTag("team", "web"), new ImageTag("build", "${BUILD_NUMBER}")));
        before.setRegion("us-east-1");
        before.setClientToken("release-${VERSION}");
        before.setWait(true);
        before.setCancelOnAbort(false);
        before.setWaitTimeoutMinutes(120);
        before.setOnWaitingStep("resume");
        before.setFailOnFindings("HIGH");
        FreeStyleProject project = r.createFreeStyleProject();
        project.getBuildersList().add(before);

        r.configRoundtrip(project);

        r.assertEqualDataBoundBeans(before, project.getBuildersList().get(StartImagePipelineBuilder.class));
    }

    @Test
    void variablesAreExpandedAndTheImageIsExportedToLaterSteps() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject("bake");
        project.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("PIPELINE", "web")));
        StartImagePipelineBuilder builder =
                builder("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/${PIPELINE}");
        builder.setTags(List.of(new ImageTag("build", "${BUILD_NUMBER}")));
        EnvironmentCapture capture = new EnvironmentCapture();
        project.getBuildersList().add(builder);
        project.getBuildersList().add(capture);

        FreeStyleBuild build = r.buildAndAssertSuccess(project);

        Set<String> images = endpoint.service().imageArns();
        assertEquals(1, images.size());
        String image = images.iterator().next();
        assertEquals(image, capture.seen.get("IMAGE_BUILD_VERSION_ARN"));
        assertEquals("1", endpoint.service().tagsOf(image).get("build"));
        assertEquals("bake", endpoint.service().tagsOf(image).get("jenkins:job"));
        r.assertLogContains("Started image build " + image + " of pipeline web", build);
    }

    @Test
    void waitingExportsTheAmi() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        StartImagePipelineBuilder builder = builder(pipeline);
        builder.setWait(true);
        EnvironmentCapture capture = new EnvironmentCapture();
        project.getBuildersList().add(builder);
        project.getBuildersList().add(capture);

        r.buildAndAssertSuccess(project);

        String image = endpoint.service().imageArns().iterator().next();
        assertEquals(FakeImageBuilder.amiId(image, "us-east-1"), capture.seen.get("IMAGE_BUILDER_AMI_ID"));
        assertEquals("AVAILABLE", capture.seen.get("IMAGE_BUILDER_STATUS"));
    }

    @Test
    void aFailedImageFailsTheBuildWithTheReason() throws Exception {
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.BUILDING, ImageBuildStatus.FAILED)
                        .withReason("tests failed"));
        FreeStyleProject project = r.createFreeStyleProject();
        StartImagePipelineBuilder builder = builder(pipeline);
        builder.setWait(true);
        project.getBuildersList().add(builder);

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, project);

        r.assertLogContains("ended FAILED: tests failed", build);
    }

    @Test
    void theEndpointUrlIsExpandedToo() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        project.addProperty(new ParametersDefinitionProperty(
                new StringParameterDefinition("IMAGE_BUILDER_ENDPOINT", endpoint.url())));
        StartImagePipelineBuilder builder = builder(pipeline);
        builder.setEndpointUrl("${IMAGE_BUILDER_ENDPOINT}");
        project.getBuildersList().add(builder);

        r.buildAndAssertSuccess(project);

        assertEquals(1, endpoint.service().imageArns().size());
    }

    @Test
    void aConfigurationSavedWithoutTheNewerFieldsKeepsTheirDefaults() throws Exception {
        FreeStyleProject project = (FreeStyleProject) r.jenkins.createProjectFromXML(
                "old",
                new ByteArrayInputStream(("""
                <project>
                  <builders>
                    <io.jenkins.plugins.imagebuilder.StartImagePipelineBuilder>
                      <arn>%s</arn>
                      <credentialsId>%s</credentialsId>
                      <endpointUrl>%s</endpointUrl>
                    </io.jenkins.plugins.imagebuilder.StartImagePipelineBuilder>
                  </builders>
                </project>
                """)
                        .formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url())
                        .getBytes(StandardCharsets.UTF_8)));
        StartImagePipelineBuilder loaded = project.getBuildersList().get(StartImagePipelineBuilder.class);

        assertEquals(List.of(), loaded.getTags());
        assertTrue(loaded.isCancelOnAbort());
        assertTrue(loaded.isTraceabilityTags());
        r.buildAndAssertSuccess(project);
        assertEquals(
                "old",
                endpoint.service()
                        .tagsOf(endpoint.service().imageArns().iterator().next())
                        .get("jenkins:job"));
    }

    @Test
    void aBadArgumentFailsTheBuildWithTheEnginesMessageAndNoStackTrace() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        StartImagePipelineBuilder builder = builder("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/Web");
        builder.setTags(List.of(new ImageTag("aws:team", "web")));
        project.getBuildersList().add(builder);

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, project);

        r.assertLogContains("2 problems were found:", build);
        r.assertLogContains("has capital letters in the pipeline name", build);
        r.assertLogNotContains("\tat ", build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void abortingTheBuildCancelsTheImageBuild() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        FreeStyleProject project = r.createFreeStyleProject();
        StartImagePipelineBuilder builder = builder(pipeline);
        builder.setWait(true);
        project.getBuildersList().add(builder);

        FreeStyleBuild build = project.scheduleBuild2(0).waitForStart();
        r.waitForMessage("Image build BUILDING after", build);
        build.getExecutor().interrupt();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));

        String image = endpoint.service().imageArns().iterator().next();
        assertEquals(ImageBuildStatus.CANCELLED, endpoint.service().statusOf(image));
        r.assertLogContains("Cancelled image build " + image, build);
    }

    @Test
    void twoStepsInOneProjectStartTwoImages() throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        project.getBuildersList().add(builder(pipeline));
        project.getBuildersList().add(builder(pipeline));

        r.buildAndAssertSuccess(project);

        assertEquals(2, endpoint.service().imageArns().size());
    }
}
