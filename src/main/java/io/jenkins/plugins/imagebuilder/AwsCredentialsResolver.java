package io.jenkins.plugins.imagebuilder;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import io.jenkins.plugins.imagebuilder.aws.RefreshingCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Finds the AWS credentials for a call, in this order: the AWS credential named by
 * {@code credentialsId} (looked up in the build's context, folders included, and tracked); else AWS
 * keys in the step's environment ({@code withAWS}, {@code withCredentials}, {@code environment {}});
 * else the controller's own default credential chain, but only if an administrator allowed it.
 * Never silently the controller's identity.
 */
final class AwsCredentialsResolver {

    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
    // Refresh an assumed role's session this long before its duration ends.
    private static final Duration SESSION_MARGIN = Duration.ofMinutes(10);

    private AwsCredentialsResolver() {}

    /** Credentials for the calls of a build, cached and refreshed before they expire. */
    static RefreshingCredentialsProvider forRun(Run<?, ?> run, EnvVars environment, String credentialsId)
            throws AbortException {
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (id != null) {
            AmazonWebServicesCredentials credentials =
                    CredentialsProvider.findCredentialById(id, AmazonWebServicesCredentials.class, run);
            if (credentials == null) {
                StandardCredentials other = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
                throw new AbortException(
                        other == null
                                ? Messages.Credentials_NotFound(id)
                                : Messages.Credentials_WrongType(
                                        id, other.getDescriptor().getDisplayName()));
            }
            CredentialsProvider.track(run, credentials);
            return fromCredential(id, credentials);
        }
        String accessKey = environment == null ? null : Util.fixEmptyAndTrim(environment.get(ACCESS_KEY_ID));
        String secretKey = environment == null ? null : Util.fixEmptyAndTrim(environment.get(SECRET_ACCESS_KEY));
        // A build's environment starts from the controller's own process environment: keys found there are
        // the controller's identity, usable only with the administrator's consent.
        boolean controllersOwnKeys = accessKey != null && accessKey.equals(EnvVars.masterEnvVars.get(ACCESS_KEY_ID));
        if ((accessKey != null || secretKey != null) && !controllersOwnKeys) {
            if (accessKey == null || secretKey == null) {
                throw new AbortException(Messages.Credentials_HalfEnvironment());
            }
            String sessionToken = Util.fixEmptyAndTrim(environment.get(SESSION_TOKEN));
            return refreshing(
                    StaticCredentialsProvider.create(
                            sessionToken == null
                                    ? AwsBasicCredentials.create(accessKey, secretKey)
                                    : AwsSessionCredentials.create(accessKey, secretKey, sessionToken)),
                    RefreshingCredentialsProvider.DEFAULT_SESSION_MAX_AGE);
        }
        return controllerCredentials();
    }

    /**
     * Credentials for a form's "Check pipeline" button: the AWS credential named, as the item's builds
     * would see it, or the controller's own if an administrator allowed them.
     */
    static RefreshingCredentialsProvider forItem(Item item, String credentialsId) throws AbortException {
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (id == null) {
            return controllerCredentials();
        }
        List<AmazonWebServicesCredentials> visible = CredentialsProvider.lookupCredentialsInItem(
                AmazonWebServicesCredentials.class,
                item,
                item instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) item) : ACL.SYSTEM2,
                List.of());
        AmazonWebServicesCredentials credentials =
                CredentialsMatchers.firstOrNull(visible, CredentialsMatchers.withId(id));
        if (credentials == null) {
            throw new AbortException(Messages.Credentials_NotFound(id));
        }
        return fromCredential(id, credentials);
    }

    private static RefreshingCredentialsProvider fromCredential(String id, AmazonWebServicesCredentials credentials)
            throws AbortException {
        Duration maxAge = RefreshingCredentialsProvider.DEFAULT_SESSION_MAX_AGE;
        if (credentials instanceof AWSCredentialsImpl) {
            AWSCredentialsImpl keys = (AWSCredentialsImpl) credentials;
            boolean noKeys = Util.fixEmpty(keys.getAccessKey()) == null
                    && Util.fixEmpty(keys.getSecretKey().getPlainText()) == null;
            if (noKeys && Util.fixEmpty(keys.getIamRoleArn()) == null) {
                // Such a credential resolves to null: say so before any call.
                throw new AbortException(Messages.Credentials_Empty(id));
            }
            if (keys.requiresToken()) {
                throw new AbortException(Messages.Credentials_NeedsMfa(id));
            }
            Duration session = Duration.ofSeconds(keys.getStsTokenDuration());
            if (session.compareTo(SESSION_MARGIN.multipliedBy(2)) > 0) {
                maxAge = session.minus(SESSION_MARGIN);
            } else {
                maxAge = session.dividedBy(2);
            }
        }
        return refreshing(credentials, maxAge);
    }

    private static RefreshingCredentialsProvider controllerCredentials() throws AbortException {
        if (!ImageBuilderGlobalConfiguration.get().isUseControllerCredentials()) {
            throw new AbortException(Messages.Credentials_NoneAvailable());
        }
        return refreshing(
                DefaultCredentialsProvider.builder().build(), RefreshingCredentialsProvider.DEFAULT_SESSION_MAX_AGE);
    }

    private static RefreshingCredentialsProvider refreshing(AwsCredentialsProvider provider, Duration maxAge) {
        return new RefreshingCredentialsProvider(provider, maxAge, Clock.systemUTC());
    }
}
