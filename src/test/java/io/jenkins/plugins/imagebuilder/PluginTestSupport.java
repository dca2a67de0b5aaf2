package io.jenkins.plugins.imagebuilder;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Descriptor;
import hudson.model.ModelObject;
import io.jenkins.plugins.imagebuilder.aws.ClientSettings;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderAccess;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import io.jenkins.plugins.imagebuilder.aws.PollSchedule;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/** What the Jenkins tests share: credentials, short schedules, Pipeline jobs, a grep for secrets. */
final class PluginTestSupport {

    static final String CREDENTIALS_ID = "image-builder";

    private PluginTestSupport() {}

    /**
     * Polls every few tens of milliseconds and retries without long back-offs, so that tests run fast; and
     * lets steps call the local endpoint, as an administrator of a test instance would.
     */
    static void shortSchedules() {
        ImageBuilderGlobalConfiguration.get().setAllowedEndpoints("http://127.0.0.1:*");
        ClientSettings.Retries fast =
                new ClientSettings.Retries(8, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50));
        SharedRuntime.get()
                .withPollSchedule(new PollSchedule(
                        Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(500), 1.5, 0.1))
                .access()
                .withRetries(ImageBuilderAccess.Purpose.START, fast)
                .withRetries(ImageBuilderAccess.Purpose.CANCEL, fast)
                .withRetries(ImageBuilderAccess.Purpose.DECIDE, fast);
    }

    /**
     * What most tests start from: short schedules, global AWS credentials {@value #CREDENTIALS_ID} for the local
     * endpoint, and a pipeline "web" in us-east-1 there, whose ARN is returned.
     */
    static String prepare(JenkinsRule r, LocalImageBuilderEndpoint endpoint)
            throws IOException, Descriptor.FormException {
        shortSchedules();
        addAwsCredentials(r.jenkins, CREDENTIALS_ID);
        return endpoint.service().addPipeline("us-east-1", "web");
    }

    /** AWS credentials with the local endpoint's key pair. */
    static AWSCredentialsImpl awsCredentials(String id) throws Descriptor.FormException {
        return new AWSCredentialsImpl(
                CredentialsScope.GLOBAL,
                id,
                LocalImageBuilderEndpoint.ACCESS_KEY,
                LocalImageBuilderEndpoint.SECRET_KEY,
                "Local Image Builder");
    }

    /** Adds AWS credentials to the store that belongs to {@code context} (Jenkins itself or a folder). */
    static void addAwsCredentials(ModelObject context, String id) throws IOException, Descriptor.FormException {
        for (CredentialsStore store : CredentialsProvider.lookupStores(context)) {
            if (store.getContext() == context) {
                store.addCredentials(Domain.global(), awsCredentials(id));
                return;
            }
        }
        throw new IllegalStateException("no credentials store in " + context);
    }

    static WorkflowJob pipeline(JenkinsRule r, String name, String script)
            throws IOException, Descriptor.FormException {
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** The files below {@code dir} that contain {@code text}, as paths relative to it. */
    static Set<String> grep(File dir, String text) throws IOException {
        Set<String> matches = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir.toPath())) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (content.contains(text)) {
                    matches.add(dir.toPath().relativize(file).toString());
                }
            }
        }
        return matches;
    }
}
