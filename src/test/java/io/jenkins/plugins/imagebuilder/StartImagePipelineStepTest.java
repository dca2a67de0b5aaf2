package io.jenkins.plugins.imagebuilder;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.EnvVars;
import hudson.model.Result;
import io.jenkins.plugins.imagebuilder.aws.ConsoleLinks;
import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.Fault;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import io.jenkins.plugins.imagebuilder.aws.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code startImagePipeline} in Pipeline jobs, against the local Image Builder endpoint. */
@WithJenkins
class StartImagePipelineStepTest {

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

    /** The step's common arguments: this test's pipeline, credentials and the local endpoint. */
    private String step(String more) {
        return "startImagePipeline arn: '%s', credentialsId: '%s', endpointUrl: '%s'%s"
                .formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url(), more);
    }

    private String onlyImage() {
        Set<String> images = endpoint.service().imageArns();
        assertEquals(1, images.size(), "images: " + images);
        return images.iterator().next();
    }

    @Test
    void scriptedPipelineStartsTheImageReturnsItsArnAndExportsIt() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "bake", """
                def image = %s
                echo "returned: ${image}"
                echo "environment: ${env.IMAGE_BUILD_VERSION_ARN}"
                """.formatted(step(", tags: [team: 'web', build: env.BUILD_NUMBER]")));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        String image = onlyImage();
        r.assertLogContains("returned: " + image, build);
        r.assertLogContains("environment: " + image, build);
        r.assertLogContains(
                "Started image build " + image + " of pipeline web: "
                        + ConsoleLinks.image(ImageBuildVersionArn.parse(image)).orElseThrow(),
                build);
        Map<String, String> tags = endpoint.service().tagsOf(image);
        assertEquals("web", tags.get("team"));
        assertEquals("1", tags.get("build"));
        assertEquals("bake", tags.get("jenkins:job"));
        assertEquals("1", tags.get("jenkins:build"));
        assertEquals(r.getURL() + "job/bake/1/", tags.get("jenkins:url"));
        assertEquals(
                image,
                build.getAction(ImageBuildsAction.class).getRecords().get(0).getImageBuildVersionArn());
    }

    @Test
    void declarativePipelineHandsTheImageToTheNextStage() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(r, "declarative", """
                pipeline {
                  agent none
                  stages {
                    stage('Bake') {
                      steps {
                        %s
                      }
                    }
                    stage('Deploy') {
                      steps {
                        echo "deploying ${env.IMAGE_BUILD_VERSION_ARN}"
                      }
                    }
                  }
                }
                """.formatted(step(", tags: [team: 'web']")));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("deploying " + onlyImage(), build);
    }

    @Test
    void twoCallsStartTwoImagesAndTheLaterOneIsInTheEnvironment() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(r, "twice", """
                def first = %s
                def second = %s
                echo "first=${first} second=${second} env=${env.IMAGE_BUILD_VERSION_ARN}"
                """.formatted(step(""), step("")));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        assertEquals(2, endpoint.service().imageArns().size());
        List<ImageBuildRecord> records =
                build.getAction(ImageBuildsAction.class).getRecords();
        assertEquals(2, records.size());
        String first = records.get(0).getImageBuildVersionArn();
        String second = records.get(1).getImageBuildVersionArn();
        assertNotEquals(first, second);
        r.assertLogContains("first=" + first + " second=" + second + " env=" + second, build);
    }

    @Test
    void aLostAnswerIsRetriedUnderTheSameTokenAndStartsOneImage() throws Exception {
        endpoint.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.dropAfterProcessing(), 1);
        WorkflowJob job = PluginTestSupport.pipeline(r, "retry", """
                def image = %s
                echo "image ${image}"
                """.formatted(step("")));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        List<RecordedRequest> attempts = endpoint.requests(START_IMAGE_PIPELINE_EXECUTION);
        assertEquals(2, attempts.size());
        assertEquals(
                attempts.get(0).body().get("clientToken"),
                attempts.get(1).body().get("clientToken"));
        r.assertLogContains("image " + onlyImage(), build);
    }

    @Test
    void theTokenIsDerivedFromTheBuildAndTheStep() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(r, "token", step(""));
        r.buildAndAssertSuccess(job);
        r.buildAndAssertSuccess(job);

        List<RecordedRequest> starts = endpoint.requests(START_IMAGE_PIPELINE_EXECUTION);
        assertEquals(2, starts.size());
        assertNotEquals(
                starts.get(0).body().get("clientToken"), starts.get(1).body().get("clientToken"));
        assertEquals(36, String.valueOf(starts.get(0).body().get("clientToken")).length());
        assertEquals(2, endpoint.service().imageArns().size());
    }

    @Test
    void aRecreatedJobsBuildOfTheSameNumberGetsAnotherToken() throws Exception {
        r.buildAndAssertSuccess(PluginTestSupport.pipeline(r, "recreated", step("")));
        r.jenkins.getItemByFullName("recreated", WorkflowJob.class).delete();
        WorkflowRun again = r.buildAndAssertSuccess(PluginTestSupport.pipeline(r, "recreated", step("")));

        assertEquals(1, again.getNumber(), "the same URL as the first job's build #1");
        List<RecordedRequest> starts = endpoint.requests(START_IMAGE_PIPELINE_EXECUTION);
        assertEquals(2, starts.size());
        assertNotEquals(
                starts.get(0).body().get("clientToken"), starts.get(1).body().get("clientToken"));
        assertEquals(2, endpoint.service().imageArns().size(), "the new build #1 started an image build of its own");
    }

    @Test
    void credentialsOfTheJobsFolderAreFound() throws Exception {
        Folder team = r.jenkins.createProject(Folder.class, "team");
        PluginTestSupport.addAwsCredentials(team, "team-aws");
        String script = "startImagePipeline arn: '%s', credentialsId: 'team-aws', endpointUrl: '%s'"
                .formatted(pipeline, endpoint.url());
        WorkflowJob inside = team.createProject(WorkflowJob.class, "inside");
        inside.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowJob outside = PluginTestSupport.pipeline(r, "outside", script);

        r.buildAndAssertSuccess(inside);
        WorkflowRun refused = r.buildAndAssertStatus(Result.FAILURE, outside);

        r.assertLogContains("No AWS credentials with the ID \"team-aws\" are available here.", refused);
        assertEquals(1, endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).size());
    }

    @Test
    void credentialsOfAnotherKindAreNamedAsSuch() throws Exception {
        SystemCredentialsProvider.getInstance()
                .getDomainCredentialsMap()
                .get(Domain.global())
                .add(new UsernamePasswordCredentialsImpl(
                        CredentialsScope.GLOBAL, "login", "a login", "jenkins", "not-aws"));
        WorkflowJob job = PluginTestSupport.pipeline(
                r,
                "wrong-kind",
                "startImagePipeline arn: '%s', credentialsId: 'login', endpointUrl: '%s'"
                        .formatted(pipeline, endpoint.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains(
                "The credentials \"login\" are of the kind \"Username with password\", not AWS credentials.", build);
        r.assertLogNotContains("\tat ", build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void anUnknownCredentialsIdIsReported() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r,
                "unknown",
                "startImagePipeline arn: '%s', credentialsId: 'nope', endpointUrl: '%s'"
                        .formatted(pipeline, endpoint.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("No AWS credentials with the ID \"nope\" are available here.", build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void withoutCredentialsAndWithoutTheControllersOwnTheStepSaysWhatToDo() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "none", "startImagePipeline arn: '%s', endpointUrl: '%s'".formatted(pipeline, endpoint.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains(
                "No AWS credentials for Image Builder. Set credentialsId to an AWS credential, or put AWS keys in the environment",
                build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void theControllersOwnKeysAreNotUsedWithoutTheAdministratorsConsent() throws Exception {
        EnvVars.masterEnvVars.put("AWS_ACCESS_KEY_ID", LocalImageBuilderEndpoint.ACCESS_KEY);
        EnvVars.masterEnvVars.put("AWS_SECRET_ACCESS_KEY", LocalImageBuilderEndpoint.SECRET_KEY);
        try {
            WorkflowJob job = PluginTestSupport.pipeline(
                    r,
                    "controller-keys",
                    "startImagePipeline arn: '%s', endpointUrl: '%s'".formatted(pipeline, endpoint.url()));

            WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

            r.assertLogContains("No AWS credentials for Image Builder.", build);
            assertTrue(endpoint.requests().isEmpty());
        } finally {
            EnvVars.masterEnvVars.remove("AWS_ACCESS_KEY_ID");
            EnvVars.masterEnvVars.remove("AWS_SECRET_ACCESS_KEY");
        }
    }

    @Test
    void keysBoundInTheEnvironmentAreUsed() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "bound", """
                withCredentials([aws(credentialsId: '%s')]) {
                  startImagePipeline arn: '%s', endpointUrl: '%s'
                }
                """.formatted(PluginTestSupport.CREDENTIALS_ID, pipeline, endpoint.url()));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        assertEquals(
                LocalImageBuilderEndpoint.ACCESS_KEY,
                endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).get(0).accessKey());
        r.assertLogNotContains(LocalImageBuilderEndpoint.SECRET_KEY, build);
    }

    @Test
    void aBadArnIsRefusedWhenTheStepStartsAndNothingIsSent() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r,
                "bad-arn",
                "startImagePipeline arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/Web', credentialsId: 'x'");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("has capital letters in the pipeline name \"Web\"", build);
        r.assertLogNotContains("\tat ", build);
        r.assertLogNotContains("Could not instantiate", build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void badTagsAreAllReportedWhenTheStepStarts() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(r, "bad-tags", step(", tags: ['aws:team': 'web', 'x*': 'y']"));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("2 problems were found:", build);
        r.assertLogContains("The tag key \"aws:team\" starts with \"aws:\"", build);
        r.assertLogContains("The tag key \"x*\" contains *", build);
        r.assertLogNotContains("\tat ", build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void badArgumentsInEveryFormEndTheBuildWithTheEnginesMessageAndNoStackTrace() throws Exception {
        WorkflowJob rows = PluginTestSupport.pipeline(
                r, "rows", step(", tags: [[key: 'aws:team', value: 'web'], imageTag(key: 'ok', value: null)]"));
        WorkflowJob waiting = PluginTestSupport.pipeline(
                r,
                "wait-bad-arn",
                "waitForImage arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0.0', credentialsId: 'x'");

        WorkflowRun rowsBuild = r.buildAndAssertStatus(Result.FAILURE, rows);
        WorkflowRun waitBuild = r.buildAndAssertStatus(Result.FAILURE, waiting);

        r.assertLogContains("The tag key \"aws:team\" starts with \"aws:\"", rowsBuild);
        r.assertLogContains("The tag \"ok\" has no value", rowsBuild);
        r.assertLogContains("names an image version, not one build of it", waitBuild);
        for (WorkflowRun build : List.of(rowsBuild, waitBuild)) {
            r.assertLogNotContains("\tat ", build);
            r.assertLogNotContains("Could not instantiate", build);
        }
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void parallelBranchesStartAnImageBuildEach() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "parallel-starts", """
                def images = [:]
                parallel a: { images.a = %s }, b: { images.b = %s }
                echo "a=${images.a} b=${images.b}"
                """.formatted(step(", tags: [team: 'web']"), step(", tags: [team: 'web']")));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        assertEquals(2, endpoint.service().imageArns().size());
        List<RecordedRequest> starts = endpoint.requests(START_IMAGE_PIPELINE_EXECUTION);
        assertEquals(2, starts.size());
        assertNotEquals(
                starts.get(0).body().get("clientToken"), starts.get(1).body().get("clientToken"));
        assertEquals(2, build.getAction(ImageBuildsAction.class).getRecords().size());
    }

    @Test
    void theBuildPageListsTheImageBuildsWithTheirAmis() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(r, "page", step(", wait: true"));
        r.buildAndAssertSuccess(job);
        String image = onlyImage();

        JenkinsRule.WebClient web = r.createWebClient();
        String page = web.goTo("job/page/1/image-builder/").getWebResponse().getContentAsString();

        assertTrue(page.contains(image), page);
        assertTrue(page.contains("AMIs (account:region:id)"), "the heading, parentheses and all");
        assertTrue(page.contains("123456789012:us-east-1:" + FakeImageBuilder.amiId(image, "us-east-1")), page);
        assertTrue(page.contains("Available"), page);
        assertTrue(page.contains("web"), "the pipeline by its name: " + page);
    }

    @Test
    void theFreestyleStepIsNotAPipelineStep() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "not-here", """
                imageBuilderStart arn: '%s', credentialsId: '%s', endpointUrl: '%s'
                """.formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        assertTrue(
                endpoint.requests().isEmpty(), "Pipeline has startImagePipeline; the freestyle step is not run there");
        r.assertLogContains("imageBuilderStart is the freestyle build step and starts nothing in a Pipeline", build);
        r.assertLogContains("Use startImagePipeline with the same arguments", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void aProfileAloneInTheEnvironmentIsExplainedInsteadOfIgnored() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(r, "profile", """
                withEnv(['AWS_PROFILE=deploy']) {
                  startImagePipeline arn: '%s', endpointUrl: '%s'
                }
                """.formatted(pipeline, endpoint.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("The environment names the AWS profile \"deploy\"", build);
        r.assertLogContains("but the Image Builder steps do not read profiles", build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void aServiceErrorFailsTheBuildWithTheEnginesMessage() throws Exception {
        endpoint.service().deny(LocalImageBuilderEndpoint.ACCESS_KEY, START_IMAGE_PIPELINE_EXECUTION);
        WorkflowJob job = PluginTestSupport.pipeline(r, "denied", step(""));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains(
                "Could not start image pipeline \"web\" (" + pipeline
                        + ") in us-east-1: the credentials are not allowed to do this."
                        + " Grant them the IAM permission imagebuilder:StartImagePipelineExecution on " + pipeline,
                build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void traceabilityTagsCanBeTurnedOffForOneCall() throws Exception {
        WorkflowJob job =
                PluginTestSupport.pipeline(r, "quiet", step(", traceabilityTags: false, tags: [team: 'web']"));

        r.buildAndAssertSuccess(job);

        assertEquals(Map.of("team", "web"), endpoint.service().tagsOf(onlyImage()));
    }

    @Test
    void formRoundTripKeepsEveryArgument() throws Exception {
        StartImagePipelineStep step = new StartImagePipelineStep(pipeline);
        step.setTags(List.of(new ImageTag("team", "web"), new ImageTag("cost center", "4711")));
        step.setCredentialsId(PluginTestSupport.CREDENTIALS_ID);
        step.setRegion("us-east-1");
        step.setEndpointUrl("https://vpce-1.imagebuilder.us-east-1.vpce.amazonaws.com");
        step.setClientToken("release-1");
        step.setWait(true);
        step.setCancelOnAbort(false);
        step.setWaitTimeoutMinutes(90);
        step.setOnWaitingStep("return");
        step.setFailOnFindings("CRITICAL");

        StartImagePipelineStep after = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, after);
    }

    @Test
    void snippetsWriteTagsAsAMap() throws Exception {
        StartImagePipelineStep step = new StartImagePipelineStep(pipeline);
        step.setTags(List.of(new ImageTag("team", "web"), new ImageTag("cost center", "4711")));
        step.setWait(true);

        new SnippetizerTester(r)
                .assertRoundTrip(
                        step,
                        "startImagePipeline arn: '" + pipeline
                                + "', tags: [team: 'web', 'cost center': '4711'], wait: true");
    }

    @Test
    void theStepActionFormKeepsEveryArgument() throws Exception {
        ImageWorkflowStepActionStep step = new ImageWorkflowStepActionStep(
                "arn:aws:imagebuilder:us-east-1:123456789012:image/web-recipe/1.0.0/7", "STOP");
        step.setReason("failed the staging tests");
        step.setStep("ApproveImage");
        step.setCredentialsId(PluginTestSupport.CREDENTIALS_ID);
        step.setRegion("us-east-1");

        ImageWorkflowStepActionStep after = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, after);
    }

    /** Here, not beside the form methods: the round trip browses as anonymous, which that class locks out. */
    @Test
    void theWaitFormKeepsTheDefaultOfCancelOnAbortApartFromFalse() throws Exception {
        WaitForImageStep unset = new WaitForImageStep("arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0.0/1");
        WaitForImageStep never = new WaitForImageStep("arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0.0/1");
        never.setCancelOnAbort(false);

        assertNull(new StepConfigTester(r).configRoundTrip(unset).getCancelOnAbort());
        assertEquals(
                Boolean.FALSE, new StepConfigTester(r).configRoundTrip(never).getCancelOnAbort());
    }

    @Test
    void theStepsCanBeDocumented() throws Exception {
        SnippetizerTester.assertDocGeneration(StartImagePipelineStep.class);
        SnippetizerTester.assertDocGeneration(WaitForImageStep.class);
        SnippetizerTester.assertDocGeneration(ImageWorkflowStepActionStep.class);
    }
}
