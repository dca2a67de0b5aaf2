package io.jenkins.plugins.imagebuilder;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The README's "Trying it without AWS": Jenkins configured as the demo says, running the Pipeline it prints. */
@WithJenkins
class TryItWithoutAwsTest {

    private LocalImageBuilder demo;

    @BeforeEach
    void startDemo() throws Exception {
        demo = LocalImageBuilder.start(0, Duration.ofMillis(100));
    }

    @AfterEach
    void stopDemo() {
        demo.close();
    }

    @Test
    void thePrintedPipelineRunsAgainstTheDemo(JenkinsRule r) throws Exception {
        PluginTestSupport.shortSchedules();
        ImageBuilderGlobalConfiguration.get()
                .setAllowedEndpoints(demo.endpoint().url());
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new AWSCredentialsImpl(
                        CredentialsScope.GLOBAL,
                        LocalImageBuilder.CREDENTIALS_ID,
                        LocalImageBuilderEndpoint.ACCESS_KEY,
                        LocalImageBuilderEndpoint.SECRET_KEY,
                        "local Image Builder"));
        WorkflowJob job = PluginTestSupport.pipeline(r, "demo", demo.examplePipeline());

        WorkflowRun build = r.buildAndAssertSuccess(job);

        String image = demo.endpoint().service().imageArns().iterator().next();
        r.assertLogContains("AMI " + FakeImageBuilder.amiId(image, LocalImageBuilder.REGION) + " from " + image, build);
    }
}
