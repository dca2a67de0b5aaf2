package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.security.ACL;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;

/** The configuration that {@code mvn hpi:run} starts with, as the README's "Trying it without AWS" shows it. */
@WithJenkinsConfiguredWithCode
class DemoConfigurationTest {

    @Test
    @ConfiguredWithCode("demo-jenkins.yaml")
    void theDemoConfigurationSetsUpTheLocalImageBuilderAndTwoJobs(JenkinsConfiguredWithCodeRule r) throws Exception {
        assertEquals(
                "http://127.0.0.1:8088", ImageBuilderGlobalConfiguration.get().getAllowedEndpoints());
        AmazonWebServicesCredentials credentials = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        AmazonWebServicesCredentials.class, r.jenkins, ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId("local-image-builder"));
        assertNotNull(credentials, "the local endpoint's key pair");
        assertEquals(
                LocalImageBuilderEndpoint.ACCESS_KEY,
                credentials.resolveCredentials().accessKeyId(),
                "the key pair the local endpoint accepts");

        WorkflowJob pipeline = r.jenkins.getItemByFullName("image-builder-demo", WorkflowJob.class);
        assertNotNull(pipeline);
        String script = ((CpsFlowDefinition) pipeline.getDefinition()).getScript();
        assertTrue(script.startsWith("def image = startImagePipeline("), script);
        FreeStyleProject freestyle =
                r.jenkins.getItemByFullName("image-builder-demo-freestyle", FreeStyleProject.class);
        assertNotNull(freestyle);
        StartImagePipelineBuilder step = freestyle.getBuildersList().get(StartImagePipelineBuilder.class);
        assertEquals("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/demo", step.getArn());
        assertEquals("local-image-builder", step.getCredentialsId());
        assertEquals("http://127.0.0.1:8088", step.getEndpointUrl());
        assertEquals(Map.of("team", "web"), ImageTag.toMap(step.getTags()));
    }

    @Test
    @ConfiguredWithCode("demo-jenkins.yaml")
    void theDemoPipelineRunsAgainstTheLocalImageBuilder(JenkinsConfiguredWithCodeRule r) throws Exception {
        try (LocalImageBuilderEndpoint local = LocalImageBuilderEndpoint.start()) {
            // The demo's own pipeline, on a free port: the job's script is the demo's, pointed there.
            String pipeline = local.service().addPipeline("us-east-1", "demo");
            PluginTestSupport.shortSchedules();
            WorkflowJob demo = r.jenkins.getItemByFullName("image-builder-demo", WorkflowJob.class);
            String script = ((CpsFlowDefinition) demo.getDefinition()).getScript();
            demo.setDefinition(new CpsFlowDefinition(script.replace("http://127.0.0.1:8088", local.url()), true));

            WorkflowRun build = r.assertBuildStatus(Result.SUCCESS, demo.scheduleBuild2(0));

            String image = local.service().imageArns().iterator().next();
            r.assertLogContains("AMI " + FakeImageBuilder.amiId(image, "us-east-1") + " from " + image, build);
            assertEquals(1, local.service().imageArns().size(), pipeline);
        }
    }
}
