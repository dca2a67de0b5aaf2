package io.jenkins.plugins.imagebuilder;

import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilder;
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
        PluginTestSupport.addAwsCredentials(r.jenkins, LocalImageBuilder.CREDENTIALS_ID);
        WorkflowJob job = PluginTestSupport.pipeline(r, "demo", demo.examplePipeline());

        WorkflowRun build = r.buildAndAssertSuccess(job);

        String image = demo.endpoint().service().imageArns().iterator().next();
        r.assertLogContains("AMI " + FakeImageBuilder.amiId(image, LocalImageBuilder.REGION) + " from " + image, build);
    }
}
