package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.ProxyConfiguration;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import io.jenkins.plugins.imagebuilder.aws.RecordingProxy;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The proxy configured in Manage Jenkins carries the steps' calls, with its credentials. */
@WithJenkins
class JenkinsProxyTest {

    private static final String PROXY_PASSWORD = "Pr0xy-secret";

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private JenkinsRule r;
    private RecordingProxy proxy;

    /** Takes the rule so that Jenkins is up before the plugin's global configuration is touched. */
    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        PluginTestSupport.shortSchedules();
        proxy = new RecordingProxy("jenkins", PROXY_PASSWORD);
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void stepsGoThroughTheJenkinsProxy() throws Exception {
        PluginTestSupport.addAwsCredentials(r.jenkins, PluginTestSupport.CREDENTIALS_ID);
        String pipeline = endpoint.service().addPipeline("us-east-1", "web");
        r.jenkins.setProxy(new ProxyConfiguration("127.0.0.1", proxy.port(), "jenkins", PROXY_PASSWORD));
        WorkflowJob job = PluginTestSupport.pipeline(
                r,
                "proxied",
                "startImagePipeline arn: '%s', credentialsId: '%s', endpointUrl: '%s', wait: true"
                        .formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url()));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        assertTrue(
                proxy.forwarded.contains("PUT " + endpoint.url() + "/StartImagePipelineExecution"),
                "forwarded: " + proxy.forwarded);
        assertTrue(proxy.forwarded.stream()
                .anyMatch(request -> request.startsWith("GET " + endpoint.url() + "/GetImage?")));
        assertEquals(
                List.of(),
                PluginTestSupport.grep(build.getRootDir(), PROXY_PASSWORD).stream()
                        .toList());
        r.assertLogNotContains(PROXY_PASSWORD, build);
    }
}
