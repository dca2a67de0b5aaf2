package io.jenkins.plugins.imagebuilder;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.EnvVars;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import io.jenkins.plugins.imagebuilder.aws.CredentialsUnavailableException;
import io.jenkins.plugins.imagebuilder.aws.EnvironmentCredentials;
import io.jenkins.plugins.imagebuilder.aws.RefreshingCredentialsProvider;
import io.jenkins.plugins.imagebuilder.aws.UserText;
import java.time.Duration;
import java.util.List;
import org.springframework.security.core.Authentication;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Finds a call's AWS credentials: the one {@code credentialsId} names, looked up as written (the credentials
 * plugin checks who may use a {@code ${PARAMETER}}); else keys the build set; else the controller's identity,
 * only with an administrator's consent, also for a role without keys. Or a {@link CredentialsUnavailableException}.
 */
final class AwsCredentialsResolver {

    private AwsCredentialsResolver() {}

    /** Credentials for the calls of a build. */
    static AwsCredentialsProvider forRun(Run<?, ?> run, EnvVars environment, String credentialsId) {
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (id != null) {
            AmazonWebServicesCredentials credentials =
                    CredentialsProvider.findCredentialById(id, AmazonWebServicesCredentials.class, run);
            if (credentials == null) {
                StandardCredentials other = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
                throw unavailable(
                        other == null
                                ? Messages.Credentials_NotFound(UserText.escape(id))
                                : Messages.Credentials_WrongType(
                                        UserText.escape(id),
                                        other.getDescriptor().getDisplayName()));
            }
            CredentialsProvider.track(run, credentials);
            return fromCredential(id, credentials);
        }
        AwsCredentialsProvider keys = EnvironmentCredentials.of(environment, EnvVars.masterEnvVars);
        return keys != null ? RefreshingCredentialsProvider.wrap(keys) : controllerCredentials();
    }

    /** Credentials for a form's "Check pipeline" button, as the item's builds would see them. */
    static AwsCredentialsProvider forItem(Item item, String credentialsId) {
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (id == null) {
            return controllerCredentials();
        }
        AmazonWebServicesCredentials credentials = CredentialsProvider.findCredentialByIdInItem(
                id, AmazonWebServicesCredentials.class, item, authenticationOf(item), List.of());
        if (credentials == null) {
            throw unavailable(Messages.Credentials_NotFound(UserText.escape(id)));
        }
        return fromCredential(id, credentials);
    }

    private static AwsCredentialsProvider fromCredential(String id, AmazonWebServicesCredentials credentials) {
        if (!(credentials instanceof AWSCredentialsImpl)) {
            return RefreshingCredentialsProvider.wrap(credentials);
        }
        AWSCredentialsImpl keys = (AWSCredentialsImpl) credentials;
        boolean noKeys = Util.fixEmpty(keys.getAccessKey()) == null
                && Util.fixEmpty(keys.getSecretKey().getPlainText()) == null;
        if (noKeys && Util.fixEmpty(keys.getIamRoleArn()) == null) {
            throw unavailable(Messages.Credentials_Empty(UserText.escape(id))); // it would resolve to nothing
        }
        if (noKeys && !ImageBuilderGlobalConfiguration.get().isUseControllerCredentials()) {
            // aws-credentials would assume the role with the SDK's default chain: the controller's own identity.
            throw unavailable(Messages.Credentials_RoleWithoutKeys(UserText.escape(id)));
        }
        if (keys.requiresToken()) {
            throw unavailable(Messages.Credentials_NeedsMfa(UserText.escape(id)));
        }
        return RefreshingCredentialsProvider.forRoleSessions(
                credentials, Duration.ofSeconds(keys.getStsTokenDuration()));
    }

    private static AwsCredentialsProvider controllerCredentials() {
        if (!ImageBuilderGlobalConfiguration.get().isUseControllerCredentials()) {
            throw unavailable(Messages.Credentials_NoneAvailable());
        }
        return RefreshingCredentialsProvider.wrap(
                DefaultCredentialsProvider.builder().build());
    }

    /** Whom an item's builds run as: whose credentials they may use. */
    static Authentication authenticationOf(Item item) {
        return item instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) item) : ACL.SYSTEM2;
    }

    private static CredentialsUnavailableException unavailable(String message) {
        return new CredentialsUnavailableException(message, null);
    }
}
