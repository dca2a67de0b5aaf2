package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageLifecycle;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.net.URL;
import java.util.List;
import java.util.Set;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A workflow step that waits for an action, held by Jenkins: Resume and Stop on the build's page for
 * those allowed to build, resp. cancel, the job, and a Pipeline that takes the decision itself.
 */
@WithJenkins
class WaitingStepPageTest {

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
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(
                        ImageBuildStatus.PENDING,
                        ImageBuildStatus.BUILDING,
                        ImageBuildStatus.TESTING,
                        ImageBuildStatus.TESTING,
                        ImageBuildStatus.AVAILABLE));
        endpoint.service().holdForAction(pipeline, "ApproveImage");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.READ, Item.READ, Item.BUILD)
                .everywhere()
                .to("builder")
                .grant(Jenkins.READ, Item.READ, Item.CANCEL)
                .everywhere()
                .to("canceller"));
    }

    private String common() {
        return "credentialsId: '%s', endpointUrl: '%s'".formatted(PluginTestSupport.CREDENTIALS_ID, endpoint.url());
    }

    private String onlyImage() {
        Set<String> images = endpoint.service().imageArns();
        assertEquals(1, images.size(), "images: " + images);
        return images.iterator().next();
    }

    /** Starts a build whose image build then waits for an action, held by the Jenkins step (pause). */
    private WorkflowRun heldBuild() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "held", "startImagePipeline(arn: '%s', %s, wait: true)".formatted(pipeline, common()));
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("The wait goes on until the step is resumed or stopped", build);
        return build;
    }

    private WebRequest stepAction(WorkflowRun build, HttpMethod method, String decision) throws Exception {
        String step = endpoint.service().waitingStepOf(onlyImage());
        String query = "?image=" + onlyImage() + "&step=" + step + "&decision=" + decision;
        return new WebRequest(new URL(r.getURL(), build.getUrl() + "image-builder/stepAction" + query), method);
    }

    /** The page's Stop links: they post the action once the user confirms it. */
    private static List<HtmlAnchor> stopLinks(HtmlPage page) {
        return page.getAnchors().stream()
                .filter(a -> a.getAttribute("data-url").contains("decision=STOP"))
                .toList();
    }

    private static int status(JenkinsRule.WebClient web, WebRequest request) throws Exception {
        web.setThrowExceptionOnFailingStatusCode(false);
        web.setRedirectEnabled(false);
        return web.getPage(request).getWebResponse().getStatusCode();
    }

    @Test
    void resumeIsOfferedToThoseWhoMayBuildAndSendsTheActionNamingThem() throws Exception {
        WorkflowRun build = heldBuild();

        HtmlPage readerPage = r.createWebClient().login("reader").getPage(build, "image-builder");
        assertTrue(readerPage.asNormalizedText().contains("ApproveImage"), "the waiting step is shown");
        assertTrue(readerPage.getForms().stream()
                .noneMatch(f -> f.getNameAttribute().startsWith("resume-")));
        JenkinsRule.WebClient reader = r.createWebClient().login("reader");
        WebRequest refused = stepAction(build, HttpMethod.POST, "RESUME");
        reader.addCrumb(refused);
        assertEquals(403, status(reader, refused));
        JenkinsRule.WebClient canceller = r.createWebClient().login("canceller");
        WebRequest notBuilder = stepAction(build, HttpMethod.POST, "RESUME");
        canceller.addCrumb(notBuilder);
        assertEquals(403, status(canceller, notBuilder), "stopping is not resuming");
        assertTrue(endpoint.service().stepActions(onlyImage()).isEmpty());

        HtmlPage page = r.createWebClient().login("builder").getPage(build, "image-builder");
        assertTrue(stopLinks(page).isEmpty(), "Stop is for those who may cancel");
        HtmlForm resume = page.getForms().stream()
                .filter(f -> f.getNameAttribute().startsWith("resume-"))
                .findFirst()
                .orElseThrow();
        r.submit(resume);

        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        var sent = endpoint.service().stepActions(onlyImage());
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("RESUME", sent.get(0).action());
        assertTrue(sent.get(0).reason().contains("builder"), sent.get(0).reason());
        assertTrue(sent.get(0).reason().contains(build.getUrl()), sent.get(0).reason());
        r.assertLogContains("Sent RESUME to workflow step ApproveImage", build);
        ImageBuildRecord record =
                build.getAction(ImageBuildsAction.class).getRecords().get(0);
        assertTrue(record.getWaitingSteps().isEmpty());
        assertTrue(record.getSteps().stream().anyMatch(s -> s.name().equals("ApproveImage")), "steps listed");
    }

    @Test
    void stopIsForThoseWhoMayCancelAndOnlyByPost() throws Exception {
        WorkflowRun build = heldBuild();
        JenkinsRule.WebClient canceller = r.createWebClient().login("canceller");

        // @POST: a GET does not reach the action at all, and nothing else answers it.
        assertEquals(404, status(canceller, stepAction(build, HttpMethod.GET, "STOP")), "a GET changes nothing");
        WebRequest noCrumb = stepAction(build, HttpMethod.POST, "STOP");
        assertEquals(403, status(canceller, noCrumb), "no crumb, no action");
        JenkinsRule.WebClient builder = r.createWebClient().login("builder");
        WebRequest notCanceller = stepAction(build, HttpMethod.POST, "STOP");
        builder.addCrumb(notCanceller);
        assertEquals(403, status(builder, notCanceller), "resuming is not stopping");
        assertTrue(endpoint.service().stepActions(onlyImage()).isEmpty());

        HtmlPage page = r.createWebClient().login("canceller").getPage(build, "image-builder");
        List<HtmlAnchor> offered = stopLinks(page);
        assertEquals(1, offered.size(), "Stop is offered, asking for confirmation first");
        assertEquals("true", offered.get(0).getAttribute("data-destructive"));
        assertTrue(page.getForms().stream().noneMatch(f -> f.getNameAttribute().startsWith("resume-")));
        WebRequest stop = stepAction(build, HttpMethod.POST, "STOP");
        canceller.addCrumb(stop);
        assertEquals(302, status(canceller, stop));

        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(build));
        assertEquals("STOP", endpoint.service().stepActions(onlyImage()).get(0).action());
        r.assertLogContains("ApproveImage was stopped", build);
        ImageBuildRecord record =
                build.getAction(ImageBuildsAction.class).getRecords().get(0);
        assertTrue(record.getWaitingSteps().isEmpty(), "nothing to decide any more");
        assertFalse(build.getAction(ImageBuildsAction.class).mayDecide(record, "STOP"));
    }

    @Test
    void aPipelineTakesTheDecisionWithReturnAndImageWorkflowStepAction() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(r, "gate", """
                def held = startImagePipeline(arn: '%1$s', %2$s, wait: true, onWaitingStep: 'return')
                echo "waiting at ${held.waitingStep.name} in ${held.waitingStep.workflow}, status ${held.status}"
                echo "variable ${env.IMAGE_BUILDER_WAITING_STEP_ID == held.waitingStep.stepExecutionId}"
                def sent = imageWorkflowStepAction(arn: held.imageBuildVersionArn, action: 'RESUME',
                        reason: 'passed the staging tests', %2$s)
                echo "sent ${sent.action} to ${sent.name}"
                def image = waitForImage(arn: held.imageBuildVersionArn, %2$s)
                echo "final ${image.status}"
                """.formatted(pipeline, common()));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("waiting at ApproveImage in TEST, status TESTING", build);
        r.assertLogContains("variable true", build);
        r.assertLogContains("sent RESUME to ApproveImage", build);
        r.assertLogContains("final AVAILABLE", build);
        var sent = endpoint.service().stepActions(onlyImage());
        assertEquals(1, sent.size());
        assertEquals("passed the staging tests", sent.get(0).reason());
        ImageBuildsAction action = build.getAction(ImageBuildsAction.class);
        assertNotNull(action);
        assertNull(action.getRecords().get(0).getReason());
    }

    @Test
    void theStepActionIsRefusedWithTheMessageWhenNothingWaits() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.BUILDING, ImageBuildStatus.AVAILABLE));
        String plain = endpoint.service().addPipeline("us-east-1", "plain");
        WorkflowJob job = PluginTestSupport.pipeline(r, "nothing", """
                def image = startImagePipeline(arn: '%1$s', %2$s, wait: true)
                imageWorkflowStepAction(arn: image.imageBuildVersionArn, action: 'STOP', %2$s)
                """.formatted(plain, common()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("waits for an action now", build);
        r.assertLogNotContains("\tat ", build);
    }
}
