package io.jenkins.plugins.imagebuilder.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;

/**
 * The one place that decides how Image Builder is reached for each purpose (retries, time limits)
 * and that holds the SDK clients. There is one client per distinct way of reaching the service
 * (region, endpoint, proxy, retries and time limits), shared by every step, build and credential:
 * the credentials go with each request. A client built for a proxy that has since changed is
 * retired, and closed once its calls can no longer be running.
 */
public final class ImageBuilderAccess implements AutoCloseable {

    /** Why the service is called; each purpose has its own retries and time limits. */
    public enum Purpose {
        /** StartImagePipelineExecution: ride out a throttling storm or a short outage, about a minute at most. */
        START(ClientSettings.STANDARD_RETRIES, ClientSettings.Timeouts.STANDARD),
        /** GetImage and the like while waiting: one attempt, the poll schedule itself backs off. */
        POLL(ClientSettings.NO_RETRIES, ClientSettings.Timeouts.STANDARD),
        /** CancelImageCreation on abort or deadline: a few attempts, the build is ending. */
        CANCEL(
                new ClientSettings.Retries(3, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                ClientSettings.Timeouts.STANDARD),
        /**
         * SendWorkflowStepAction and the vulnerability gate's listings: a few attempts, as a decision rests on
         * them (a sent action is retried under its token, so never applied twice).
         */
        DECIDE(
                new ClientSettings.Retries(3, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                ClientSettings.Timeouts.STANDARD),
        /** The configuration form's "Check pipeline": someone is waiting for the answer. */
        CHECK(
                new ClientSettings.Retries(2, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2)),
                new ClientSettings.Timeouts(
                        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(20)));

        private final ClientSettings.Retries retries;
        private final ClientSettings.Timeouts timeouts;

        Purpose(ClientSettings.Retries retries, ClientSettings.Timeouts timeouts) {
            this.retries = retries;
            this.timeouts = timeouts;
        }
    }

    // A retired client's calls have ended once the longest call time limit has passed.
    private static final Duration RETIREMENT = Duration.ofMinutes(5);

    private final Supplier<ProxySettings> proxy;
    private final Supplier<EndpointPolicy> endpoints;
    private final Clock clock;
    private final ScheduledExecutorService timeouts;
    private final Map<Purpose, ClientSettings.Retries> retries = new EnumMap<>(Purpose.class);
    private final Map<Purpose, ClientSettings.Timeouts> timeLimits = new EnumMap<>(Purpose.class);
    private final Map<ClientSettings, ImagebuilderClient> clients = new HashMap<>();
    private final List<Retired> retired = new ArrayList<>();
    private ProxySettings currentProxy;
    private boolean closed;
    private int created;

    private static final class Retired {
        final ImagebuilderClient client;
        final Instant at;

        Retired(ImagebuilderClient client, Instant at) {
            this.client = client;
            this.at = at;
        }
    }

    /**
     * @param proxy the proxy to use now, asked for each call (Jenkins' proxy settings can change at any
     *     time); {@code null} from it means a direct connection
     * @param endpoints which endpoints calls may go to now, asked for each call
     */
    public ImageBuilderAccess(Supplier<ProxySettings> proxy, Supplier<EndpointPolicy> endpoints) {
        this(proxy, endpoints, Clock.systemUTC());
    }

    ImageBuilderAccess(Supplier<ProxySettings> proxy, Supplier<EndpointPolicy> endpoints, Clock clock) {
        this.proxy = Objects.requireNonNull(proxy);
        this.endpoints = Objects.requireNonNull(endpoints);
        this.clock = clock;
        // One thread for the time limits of every client's calls: each only interrupts a call that overran.
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "Image Builder call time limits");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.timeouts = timer;
        for (Purpose purpose : Purpose.values()) {
            retries.put(purpose, purpose.retries);
            timeLimits.put(purpose, purpose.timeouts);
        }
    }

    /** Changes the retries of a purpose, for tests that must not wait for production back-offs. */
    public synchronized ImageBuilderAccess withRetries(Purpose purpose, ClientSettings.Retries changed) {
        retries.put(purpose, Objects.requireNonNull(changed));
        return this;
    }

    /** Changes the time limits of a purpose, for tests of what happens when they are reached. */
    public synchronized ImageBuilderAccess withTimeouts(Purpose purpose, ClientSettings.Timeouts changed) {
        timeLimits.put(purpose, Objects.requireNonNull(changed));
        return this;
    }

    /**
     * A gateway to the service for one purpose, with one caller's credentials. It takes its client
     * from here on every call, so a wait of many hours follows a change of the proxy settings.
     *
     * @param endpointUrl an endpoint override, or {@code null}
     * @throws InvalidInputException if the endpoint is not allowed
     */
    public ImageBuilderGateway gateway(
            Purpose purpose, AwsRegion region, String endpointUrl, AwsCredentialsProvider credentials) {
        String endpoint = endpoints.get().check(endpointUrl, region);
        return new ImageBuilderGateway(
                () -> connection(purpose, region, endpoint), RefreshingCredentialsProvider.wrap(credentials));
    }

    /** A client and the settings it was built with, for one call. */
    static final class Connection {
        final ImagebuilderClient client;
        final ClientSettings settings;

        Connection(ImagebuilderClient client, ClientSettings settings) {
            this.client = client;
            this.settings = settings;
        }
    }

    /** @throws InvalidInputException if the endpoint is no longer allowed (an administrator changed it since) */
    Connection connection(Purpose purpose, AwsRegion region, String endpointUrl) {
        URI endpoint = endpointUrl == null ? null : URI.create(endpoints.get().check(endpointUrl, region));
        ProxySettings now = proxy.get();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("Image Builder access is closed");
            }
            if (!Objects.equals(now, currentProxy)) {
                retireAll();
                currentProxy = now;
            }
            ClientSettings settings = ClientSettings.forRegion(region)
                    .withEndpointUri(endpoint)
                    .withProxy(now)
                    .withRetries(retries.get(purpose))
                    .withTimeouts(timeLimits.get(purpose));
            // Built under the lock: rare (once per way of reaching the service), and never lost to a retirement.
            ImagebuilderClient client = clients.get(settings);
            if (client == null) {
                client = ImageBuilderClients.create(settings, timeouts);
                clients.put(settings, client);
                created++;
            }
            return new Connection(client, settings);
        }
    }

    /** How many SDK clients were built so far. */
    public synchronized int clientsCreated() {
        return created;
    }

    /** How many SDK clients are open now (retired ones included). */
    public synchronized int openClients() {
        return clients.size() + retired.size();
    }

    private void retireAll() {
        Instant now = clock.instant();
        retired.removeIf(old -> {
            if (old.at.plus(RETIREMENT).isBefore(now)) {
                old.client.close();
                return true;
            }
            return false;
        });
        clients.values().forEach(client -> retired.add(new Retired(client, now)));
        clients.clear();
    }

    /** Closes every client; Jenkins calls this when it stops. */
    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(ImagebuilderClient::close);
        clients.clear();
        retired.forEach(old -> old.client.close());
        retired.clear();
        timeouts.shutdownNow();
    }
}
