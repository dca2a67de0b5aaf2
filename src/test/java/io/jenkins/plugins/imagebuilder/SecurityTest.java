package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsParameterDefinition;
import com.cloudbees.plugins.credentials.CredentialsParameterValue;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Cause;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import hudson.model.User;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** No way around what the administrator allowed, for users who may build or configure jobs. */
@WithJenkins
class SecurityTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private JenkinsRule r;
    private String pipeline;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        pipeline = PluginTestSupport.prepare(r, endpoint);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        // The credentials plugin checks the user who started a build only if Jenkins knows that user.
        for (String user : List.of("admin", "builder", "configurer")) {
            User.getById(user, true);
        }
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, Item.READ, Item.BUILD)
                .everywhere()
                .to("builder")
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Item.CONFIGURE)
                .everywhere()
                .to("configurer"));
    }

    /** A freestyle job whose credentials come from a parameter, as {@code ${CREDS}}. */
    private FreeStyleProject jobWithCredentialsParameter(boolean credentialsParameter) throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        project.addProperty(new ParametersDefinitionProperty(
                credentialsParameter
                        ? new CredentialsParameterDefinition(
                                "CREDS", null, null, AWSCredentialsImpl.class.getName(), false)
                        : new StringParameterDefinition("CREDS", "")));
        StartImagePipelineBuilder builder = new StartImagePipelineBuilder(pipeline);
        builder.setCredentialsId("${CREDS}");
        builder.setEndpointUrl(endpoint.url());
        project.getBuildersList().add(builder);
        return project;
    }

    private FreeStyleBuild buildAs(FreeStyleProject project, String user, boolean credentialsParameter)
            throws Exception {
        ParametersAction parameters = new ParametersAction(
                credentialsParameter
                        ? new CredentialsParameterValue("CREDS", PluginTestSupport.CREDENTIALS_ID, null)
                        : new StringParameterValue("CREDS", PluginTestSupport.CREDENTIALS_ID));
        return r.waitForCompletion(project.scheduleBuild2(0, new Cause.UserIdCause(user), parameters)
                .waitForStart());
    }

    @Test
    void aCredentialsParameterIsResolvedWithTheChecksOfWhoStartedTheBuild() throws Exception {
        FreeStyleProject project = jobWithCredentialsParameter(true);

        FreeStyleBuild byBuilder = buildAs(project, "builder", true);
        FreeStyleBuild byConfigurer = buildAs(project, "configurer", true);

        r.assertBuildStatus(Result.FAILURE, byBuilder);
        r.assertLogContains("No AWS credentials with the ID \"${CREDS}\" are available here.", byBuilder);
        r.assertBuildStatusSuccess(byConfigurer);
        assertEquals(1, endpoint.service().imageArns().size(), "only the build of a user who may use the credential");
    }

    @Test
    void anIdInAStringParameterIsNotACredential() throws Exception {
        FreeStyleBuild build = buildAs(jobWithCredentialsParameter(false), "configurer", false);

        r.assertBuildStatus(Result.FAILURE, build);
        r.assertLogContains("No AWS credentials with the ID \"${CREDS}\"", build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void aRoleWithoutKeysWouldBeTheControllersIdentityAndIsRefused() throws Exception {
        SystemCredentialsProvider.getInstance()
                .getDomainCredentialsMap()
                .get(Domain.global())
                .add(new AWSCredentialsImpl(
                        CredentialsScope.GLOBAL,
                        "role-only",
                        "",
                        "",
                        "a role and no keys",
                        "arn:aws:iam::123456789012:role/image-builder",
                        null,
                        null));
        WorkflowJob job = PluginTestSupport.pipeline(
                r,
                "role-only",
                "startImagePipeline arn: '%s', credentialsId: 'role-only', endpointUrl: '%s'"
                        .formatted(pipeline, endpoint.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("have an IAM role to assume but no access key", build);
        r.assertLogContains("which an administrator has not allowed", build);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void anEndpointTheAdministratorDidNotAllowIsRefusedBeforeAnyCall() throws Exception {
        ImageBuilderGlobalConfiguration.get().setAllowedEndpoints(null);
        WorkflowJob local = PluginTestSupport.pipeline(
                r, "local", """
                startImagePipeline arn: '%s', credentialsId: '%s', endpointUrl: '%s'
                """.formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url()));
        WorkflowJob metadata =
                PluginTestSupport.pipeline(r, "metadata", """
                startImagePipeline arn: '%s', credentialsId: '%s', endpointUrl: 'http://169.254.169.254'
                """.formatted(pipeline, PluginTestSupport.CREDENTIALS_ID));

        WorkflowRun refused = r.buildAndAssertStatus(Result.FAILURE, local);
        WorkflowRun never = r.buildAndAssertStatus(Result.FAILURE, metadata);

        r.assertLogContains("an administrator has not allowed it", refused);
        r.assertLogContains("is a link-local or instance metadata address", never);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void inputCannotForgeLinesInTheLog() throws Exception {
        WorkflowJob job = PluginTestSupport.pipeline(
                r, "forged", """
                startImagePipeline arn: "%s", credentialsId: '%s', endpointUrl: '%s',
                                   tags: ["team\\nFinished: SUCCESS": 'web']
                """.formatted(pipeline, PluginTestSupport.CREDENTIALS_ID, endpoint.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("The tag key \"team\\nFinished: SUCCESS\" contains \\n", build);
        assertTrue(
                JenkinsRule.getLog(build).lines().noneMatch(line -> line.equals("Finished: SUCCESS")),
                JenkinsRule.getLog(build));
    }
}
