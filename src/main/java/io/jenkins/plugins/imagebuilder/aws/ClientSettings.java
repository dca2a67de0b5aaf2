package io.jenkins.plugins.imagebuilder.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything that shapes an Image Builder client apart from its credentials: region, endpoint,
 * proxy, retries and time limits. Immutable; change it with the {@code with...} methods. Equal
 * settings share one client (see {@link ImageBuilderAccess}).
 */
public final class ClientSettings {

    /** Retries of one call: attempts in all, and the exponential back-off between them. */
    public static final class Retries {
        final int maxAttempts;
        final Duration baseDelay;
        final Duration throttledBaseDelay;
        final Duration maxDelay;

        public Retries(int maxAttempts, Duration baseDelay, Duration throttledBaseDelay, Duration maxDelay) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            this.baseDelay = Objects.requireNonNull(baseDelay);
            this.throttledBaseDelay = Objects.requireNonNull(throttledBaseDelay);
            this.maxDelay = Objects.requireNonNull(maxDelay);
        }

        public int maxAttempts() {
            return maxAttempts;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Retries)) {
                return false;
            }
            Retries that = (Retries) other;
            return maxAttempts == that.maxAttempts
                    && baseDelay.equals(that.baseDelay)
                    && throttledBaseDelay.equals(that.throttledBaseDelay)
                    && maxDelay.equals(that.maxDelay);
        }

        @Override
        public int hashCode() {
            return Objects.hash(maxAttempts, baseDelay, throttledBaseDelay, maxDelay);
        }
    }

    /** Time limits: to connect, between bytes, per attempt and per call with all its retries. */
    public static final class Timeouts {
        /** Bounded everywhere, generous enough for a slow network. */
        public static final Timeouts STANDARD = new Timeouts(
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(35), Duration.ofMinutes(3));

        final Duration connect;
        final Duration socket;
        final Duration attempt;
        final Duration call;

        public Timeouts(Duration connect, Duration socket, Duration attempt, Duration call) {
            this.connect = Objects.requireNonNull(connect);
            this.socket = Objects.requireNonNull(socket);
            this.attempt = Objects.requireNonNull(attempt);
            this.call = Objects.requireNonNull(call);
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Timeouts)) {
                return false;
            }
            Timeouts that = (Timeouts) other;
            return connect.equals(that.connect)
                    && socket.equals(that.socket)
                    && attempt.equals(that.attempt)
                    && call.equals(that.call);
        }

        @Override
        public int hashCode() {
            return Objects.hash(connect, socket, attempt, call);
        }
    }

    /**
     * For one-off calls such as starting a build: ride out a throttling storm or a short outage
     * (about a minute at most) rather than fail the Jenkins build.
     */
    public static final Retries STANDARD_RETRIES =
            new Retries(8, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(20));

    /** For polls: the poll schedule itself backs off, so one attempt per poll holds no thread asleep. */
    public static final Retries NO_RETRIES = new Retries(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    private final AwsRegion region;
    private final URI endpoint;
    private final ProxySettings proxy;
    private final Retries retries;
    private final Timeouts timeouts;

    private ClientSettings(AwsRegion region, URI endpoint, ProxySettings proxy, Retries retries, Timeouts timeouts) {
        this.region = Objects.requireNonNull(region);
        this.endpoint = endpoint;
        this.proxy = proxy;
        this.retries = Objects.requireNonNull(retries);
        this.timeouts = Objects.requireNonNull(timeouts);
    }

    /** Settings for the region's public endpoint, no proxy, standard retries and bounded time limits. */
    public static ClientSettings forRegion(AwsRegion region) {
        return new ClientSettings(region, null, null, STANDARD_RETRIES, Timeouts.STANDARD);
    }

    /** Another endpoint than the region's public one, already checked; {@code null} for the public one. */
    ClientSettings withEndpointUri(URI endpoint) {
        return copy(region, endpoint, proxy, retries);
    }

    public ClientSettings withProxy(ProxySettings proxy) {
        return copy(region, endpoint, proxy, retries);
    }

    public ClientSettings withRetries(Retries retries) {
        return copy(region, endpoint, proxy, retries);
    }

    public ClientSettings withTimeouts(Timeouts timeouts) {
        return new ClientSettings(region, endpoint, proxy, retries, timeouts);
    }

    private ClientSettings copy(AwsRegion region, URI endpoint, ProxySettings proxy, Retries retries) {
        return new ClientSettings(region, endpoint, proxy, retries, timeouts);
    }

    public AwsRegion region() {
        return region;
    }

    /** The endpoint override, or {@code null} for the region's public endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    public ProxySettings proxy() {
        return proxy;
    }

    public Retries retries() {
        return retries;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ClientSettings)) {
            return false;
        }
        ClientSettings that = (ClientSettings) other;
        return region.equals(that.region)
                && Objects.equals(endpoint, that.endpoint)
                && Objects.equals(proxy, that.proxy)
                && retries.equals(that.retries)
                && timeouts.equals(that.timeouts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, endpoint, proxy, retries, timeouts);
    }

    /** Where the calls go, for messages: the override or the region's public endpoint. */
    public String endpointDescription() {
        return endpoint != null ? endpoint.toString() : "https://imagebuilder." + region + "." + dnsSuffix();
    }

    private String dnsSuffix() {
        String partition = region.impliedPartition();
        if ("aws-cn".equals(partition)) {
            return "amazonaws.com.cn";
        }
        return "amazonaws.com";
    }
}
