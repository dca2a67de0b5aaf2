package io.jenkins.plugins.imagebuilder.aws;

import java.net.URI;
import java.util.HashSet;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.CallRateLimitExceededException;
import software.amazon.awssdk.services.imagebuilder.model.ServiceException;
import software.amazon.awssdk.services.imagebuilder.model.ServiceUnavailableException;

/**
 * Where an SDK {@link ImagebuilderClient} is built. A client has no credentials of its own: every
 * request carries its caller's (see {@link ImageBuilderGateway}), and one that does not is refused
 * rather than signed with whatever the SDK's default chain finds on the controller.
 */
public final class ImageBuilderClients {

    /** Identifies the plugin in the SDK's user agent, so AWS-side logs show where calls came from. */
    static final String APP_ID = "jenkins-image-builder";

    private static final AwsCredentialsProvider NO_CREDENTIALS = () -> {
        throw new CredentialsUnavailableException(EngineMessage.CREDENTIALS_NONE_GIVEN.format(), null);
    };

    private ImageBuilderClients() {}

    /**
     * Builds a client; the caller closes it. It uses the Apache HTTP client (the one Jenkins ships in
     * aws-java-sdk2-core) and reads no proxy from system properties or the environment: the settings
     * given are the only ones that count.
     */
    static ImagebuilderClient create(ClientSettings settings, ScheduledExecutorService timeouts) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .connectionTimeout(settings.timeouts().connect)
                .socketTimeout(settings.timeouts().socket)
                // Whatever a name resolves to, a link-local or metadata address is never called.
                .dnsResolver(EndpointPolicy::resolve)
                .proxyConfiguration(proxyConfiguration(settings.proxy()));
        var client = ImagebuilderClient.builder()
                .region(Region.of(settings.region().name()))
                .credentialsProvider(NO_CREDENTIALS)
                .httpClientBuilder(http)
                // The SDK would start a pool of five threads per client to enforce the time limits.
                .overrideConfiguration(o -> o.scheduledExecutorService(timeouts)
                        .retryStrategy(retryStrategy(settings.retries()))
                        .apiCallAttemptTimeout(settings.timeouts().attempt)
                        .apiCallTimeout(settings.timeouts().call)
                        .appId(APP_ID));
        URI endpoint = settings.endpoint();
        if (endpoint != null) {
            client.endpointOverride(endpoint);
        }
        return client.build();
    }

    static RetryStrategy retryStrategy(ClientSettings.Retries retries) {
        if (retries.maxAttempts == 1) {
            return AwsRetryStrategy.doNotRetry();
        }
        // The standard strategy already retries I/O errors, 5xx and HTTP 429; Image Builder's own
        // throttling and unavailability errors are named here so that no model change can drop them.
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(retries.maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(retries.baseDelay, retries.maxDelay))
                .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(retries.throttledBaseDelay, retries.maxDelay))
                .retryOnException(e -> e instanceof CallRateLimitExceededException
                        || e instanceof ServiceUnavailableException
                        || e instanceof ServiceException)
                .treatAsThrottling(e -> e instanceof CallRateLimitExceededException)
                // Token buckets are per client, and clients are shared: one busy build must not starve the others.
                .circuitBreakerEnabled(false)
                .build();
    }

    private static ProxyConfiguration proxyConfiguration(ProxySettings proxy) {
        ProxyConfiguration.Builder config =
                ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false);
        if (proxy == null) {
            return config.build();
        }
        String host = proxy.host();
        config.endpoint(URI.create("http://" + host + ":" + proxy.port()))
                .nonProxyHosts(new HashSet<>(proxy.nonProxyHostPatterns()));
        if (proxy.username() != null) {
            config.username(proxy.username()).password(proxy.password());
        }
        return config.build();
    }
}
