package io.jenkins.plugins.imagebuilder;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.GET_IMAGE_PIPELINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.Util;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.util.concurrent.Callable;
import jenkins.model.Jenkins;
import org.htmlunit.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.access.AccessDeniedException;

/** The form methods list credentials and call AWS only for users allowed to configure the job. */
@WithJenkins
class ImageBuilderFormsTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private JenkinsRule r;
    private FreeStyleProject project;
    private String pipeline;
    private StartImagePipelineBuilder.DescriptorImpl descriptor;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        PluginTestSupport.shortSchedules();
        PluginTestSupport.addAwsCredentials(r.jenkins, PluginTestSupport.CREDENTIALS_ID);
        pipeline = endpoint.service().addPipeline("us-east-1", "web");
        project = r.createFreeStyleProject("p");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE)
                .everywhere()
                .to("configurer"));
        descriptor = r.jenkins.getDescriptorByType(StartImagePipelineBuilder.DescriptorImpl.class);
    }

    private <T> T as(String user, Callable<T> call) throws Exception {
        try (ACLContext ignored = ACL.as2(User.getById(user, true).impersonate2())) {
            return call.call();
        }
    }

    private static boolean lists(ListBoxModel model, String value) {
        return model.stream().anyMatch(option -> value.equals(option.value));
    }

    @Test
    void aReaderSeesNoCredentialIds() throws Exception {
        assertFalse(lists(
                as("reader", () -> descriptor.doFillCredentialsIdItems(project, "")),
                PluginTestSupport.CREDENTIALS_ID));
        assertTrue(lists(
                as("configurer", () -> descriptor.doFillCredentialsIdItems(project, "")),
                PluginTestSupport.CREDENTIALS_ID));
    }

    @Test
    void aReaderCannotCallAwsThroughTheCheckButton() throws Exception {
        assertThrows(
                AccessDeniedException.class,
                () -> as(
                        "reader",
                        () -> descriptor.doCheckPipeline(
                                project, pipeline, PluginTestSupport.CREDENTIALS_ID, null, endpoint.url())));
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void aConfigurerChecksThePipelineWithTheChosenCredentials() throws Exception {
        FormValidation check = as(
                "configurer",
                () -> descriptor.doCheckPipeline(
                        project, pipeline, PluginTestSupport.CREDENTIALS_ID, null, endpoint.url()));

        assertEquals(FormValidation.Kind.OK, check.kind, check.getMessage());
        // A FormValidation's message is HTML: the quotes around the name are escaped once, as the page needs them.
        assertTrue(check.getMessage().contains(Util.escape("Found pipeline \"web\" (ENABLED).")), check.getMessage());
        assertEquals(
                LocalImageBuilderEndpoint.ACCESS_KEY,
                endpoint.requests(GET_IMAGE_PIPELINE).get(0).accessKey());
    }

    @Test
    void theCheckButtonReportsAPipelineImageBuilderDoesNotKnow() throws Exception {
        FormValidation check = as(
                "configurer",
                () -> descriptor.doCheckPipeline(
                        project,
                        "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/missing",
                        PluginTestSupport.CREDENTIALS_ID,
                        null,
                        endpoint.url()));

        assertEquals(FormValidation.Kind.ERROR, check.kind);
        assertTrue(check.getMessage().contains("Image Builder knows no such pipeline"), check.getMessage());
        assertEquals(1, endpoint.requests(GET_IMAGE_PIPELINE).size(), "the button asks Image Builder once");
    }

    @Test
    void anUnknownCredentialIsFlagged() throws Exception {
        FormValidation check = as("configurer", () -> descriptor.doCheckCredentialsId(project, "nope"));

        assertEquals(FormValidation.Kind.ERROR, check.kind);
    }

    @Test
    void formMethodsDoNotAnswerGet() throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().login("configurer");
        web.setThrowExceptionOnFailingStatusCode(false);

        Page page = web.goTo(
                "job/p/descriptorByName/" + StartImagePipelineBuilder.class.getName() + "/checkPipeline?arn=" + pipeline
                        + "&credentialsId=" + PluginTestSupport.CREDENTIALS_ID,
                null);

        // Stapler passes a GET by a @POST method and, finding nothing else, answers 404.
        assertEquals(404, page.getWebResponse().getStatusCode());
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void aTagKeyIsCheckedEvenWithoutAValue() {
        ImageTag.DescriptorImpl tags = r.jenkins.getDescriptorByType(ImageTag.DescriptorImpl.class);

        assertEquals(FormValidation.Kind.OK, tags.doCheckKey("team").kind);
        assertEquals(FormValidation.Kind.ERROR, tags.doCheckKey("aws:team").kind);
        assertEquals(
                FormValidation.Kind.ERROR, tags.doCheckKey(null).kind, "no key is an empty key, not an error page");
        assertEquals(FormValidation.Kind.ERROR, tags.doCheckKey("   ").kind);
    }

    @Test
    void onlyThoseWhoMayConfigureLearnWhatTheAllowListHolds() throws Exception {
        String notAllowed = "https://imagebuilder.corp.example";

        assertEquals(
                FormValidation.Kind.OK,
                as("reader", () -> descriptor.doCheckEndpointUrl(project, notAllowed)).kind,
                "a reader learns nothing");
        assertEquals(
                FormValidation.Kind.ERROR,
                as("configurer", () -> descriptor.doCheckEndpointUrl(project, notAllowed)).kind);
    }

    @Test
    void syntaxChecksNeedNoNetwork() {
        assertEquals(
                FormValidation.Kind.ERROR,
                descriptor.doCheckArn("arn:aws:ec2:us-east-1:123456789012:instance/i-1").kind);
        assertEquals(
                FormValidation.Kind.OK,
                descriptor.doCheckArn("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/${NAME}").kind);
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckRegion("Frankfurt").kind);
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckClientToken("x".repeat(40)).kind);
        assertEquals(
                FormValidation.Kind.ERROR, descriptor.doCheckEndpointUrl(project, "imagebuilder.example.com").kind);
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckEndpointUrl(project, "http://169.254.169.254").kind);
        assertEquals(
                FormValidation.Kind.OK,
                descriptor.doCheckEndpointUrl(project, "https://imagebuilder.us-east-1.amazonaws.com").kind);
    }
}
