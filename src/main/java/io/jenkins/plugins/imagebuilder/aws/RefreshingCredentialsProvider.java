package io.jenkins.plugins.imagebuilder.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Caches the credentials of a slower provider and refreshes them before they expire. The SDK asks
 * for credentials on every request; a Jenkins AWS credential that assumes a role calls STS each time
 * it is asked, which over a multi-hour wait means hundreds of AssumeRole calls. This asks once and
 * again only when the session is about to end: a known expiry minus a margin, or else a maximum age
 * for session credentials (static keys do not expire and are kept).
 */
public final class RefreshingCredentialsProvider implements AwsCredentialsProvider {

    /** STS sessions last an hour by default; refresh well before that when the expiry is not known. */
    public static final Duration DEFAULT_SESSION_MAX_AGE = Duration.ofMinutes(45);

    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final AwsCredentialsProvider delegate;
    private final Duration sessionMaxAge;
    private final Clock clock;
    private AwsCredentials cached;
    private Instant fetchedAt;
    private int fetches;

    public RefreshingCredentialsProvider(AwsCredentialsProvider delegate, Duration sessionMaxAge, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate);
        this.sessionMaxAge = Objects.requireNonNull(sessionMaxAge);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * For credentials that assume a role for {@code sessionLength} at a time (the session's expiry is
     * not always told): renewed ten minutes before the session ends, or halfway through a short one.
     */
    public static RefreshingCredentialsProvider forRoleSessions(
            AwsCredentialsProvider provider, Duration sessionLength) {
        Duration margin = Duration.ofMinutes(10);
        Duration maxAge = sessionLength.compareTo(margin.multipliedBy(2)) > 0
                ? sessionLength.minus(margin)
                : sessionLength.dividedBy(2);
        return new RefreshingCredentialsProvider(provider, maxAge, Clock.systemUTC());
    }

    public static RefreshingCredentialsProvider wrap(AwsCredentialsProvider provider) {
        return provider instanceof RefreshingCredentialsProvider
                ? (RefreshingCredentialsProvider) provider
                : new RefreshingCredentialsProvider(provider, DEFAULT_SESSION_MAX_AGE, Clock.systemUTC());
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        Instant now = clock.instant();
        if (cached == null || isStale(now)) {
            AwsCredentials fresh;
            try {
                fresh = delegate.resolveCredentials();
            } catch (RuntimeException e) {
                // Only the type and the provider's message: no cause text that might echo key material.
                throw new CredentialsUnavailableException(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
            }
            if (fresh == null) {
                throw new CredentialsUnavailableException(EngineMessage.CREDENTIALS_NONE.format(), null);
            }
            cached = fresh;
            fetchedAt = now;
            fetches++;
        }
        return cached;
    }

    /** Forgets the cached credentials, for when AWS said they expired earlier than expected. */
    public synchronized void invalidate() {
        cached = null;
    }

    /** How many times the delegate was asked, for tests and diagnostics. */
    public synchronized int fetches() {
        return fetches;
    }

    private boolean isStale(Instant now) {
        Instant expiry = cached.expirationTime().orElse(null);
        if (expiry != null) {
            return !now.isBefore(expiry.minus(REFRESH_MARGIN));
        }
        return cached instanceof AwsSessionCredentials && !now.isBefore(fetchedAt.plus(sessionMaxAge));
    }
}
