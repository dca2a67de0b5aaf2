package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageLifecycle;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.libs.GlobalLibraries;
import org.jenkinsci.plugins.workflow.libs.LibraryConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The README's "Testing your pipelines" example, as its readers would write it: a shared library's
 * {@code vars/bakeImage.groovy} tested with JenkinsRule against the local Image Builder, using only
 * what the plugin and its tests jar offer.
 */
@WithJenkins
class SharedLibraryTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint imageBuilder = new LocalImageBuilderEndpoint();

    @Test
    void bakeImageStartsThePipelineAndReturnsTheAmi(JenkinsRule r, @TempDir Path library) throws Exception {
        // The library under test, as it is in its repository.
        Files.createDirectories(library.resolve("vars"));
        Files.writeString(library.resolve("vars/bakeImage.groovy"), """
                def call(Map args) {
                    def aws = [credentialsId: args.credentialsId ?: 'aws-image-builder']
                    if (args.endpointUrl) {
                        aws.endpointUrl = args.endpointUrl
                    }
                    def image = startImagePipeline([arn: args.arn, tags: [team: args.team]] + aws)
                    return waitForImage([arn: image] + aws)
                }
                """);
        LibraryConfiguration config = new LibraryConfiguration("images", new LocalLibraryRetriever(library.toFile()));
        config.setDefaultVersion("test");
        config.setImplicit(true);
        GlobalLibraries.get().setLibraries(List.of(config));

        // Jenkins as an administrator would set it up for the local Image Builder.
        ImageBuilderGlobalConfiguration.get().setAllowedEndpoints(imageBuilder.url());
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new AWSCredentialsImpl(
                        CredentialsScope.GLOBAL,
                        "aws-image-builder",
                        LocalImageBuilderEndpoint.ACCESS_KEY,
                        LocalImageBuilderEndpoint.SECRET_KEY,
                        "local Image Builder"));
        String pipeline = imageBuilder.service().addPipeline("us-east-1", "web");
        imageBuilder.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.AVAILABLE));

        WorkflowJob job = r.createProject(WorkflowJob.class, "bake");
        job.setDefinition(new CpsFlowDefinition("""
                def image = bakeImage(arn: '%s', team: 'web', endpointUrl: '%s')
                echo "AMI ${image.amiId}"
                """.formatted(pipeline, imageBuilder.url()), true));
        WorkflowRun build = r.buildAndAssertSuccess(job);

        String image = imageBuilder.service().imageArns().iterator().next();
        r.assertLogContains("AMI " + FakeImageBuilder.amiId(image, "us-east-1"), build);
        assertEquals("web", imageBuilder.service().tagsOf(image).get("team"));
    }
}
