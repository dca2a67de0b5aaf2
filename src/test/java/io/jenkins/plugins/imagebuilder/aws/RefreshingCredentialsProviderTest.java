package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class RefreshingCredentialsProviderTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final AtomicInteger assumed = new AtomicInteger();

    /** Like a Jenkins AWS credential with an IAM role: a new session (without known expiry) each time. */
    private final AwsCredentialsProvider assumesRoleEachTime =
            () -> AwsSessionCredentials.create("ASIA" + assumed.incrementAndGet(), "secret", "token");

    @Test
    void aRoleIsNotAssumedAgainOnEveryCall() {
        RefreshingCredentialsProvider provider =
                new RefreshingCredentialsProvider(assumesRoleEachTime, Duration.ofMinutes(45), clock);

        AwsCredentials first = provider.resolveCredentials();
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(20));
            assertSame(first, provider.resolveCredentials());
        }
        assertEquals(1, assumed.get());
    }

    @Test
    void aSessionIsRenewedBeforeItsMaximumAge() {
        RefreshingCredentialsProvider provider =
                new RefreshingCredentialsProvider(assumesRoleEachTime, Duration.ofMinutes(45), clock);
        provider.resolveCredentials();

        clock.advance(Duration.ofMinutes(44));
        assertEquals("ASIA1", provider.resolveCredentials().accessKeyId());
        clock.advance(Duration.ofMinutes(1));
        assertEquals("ASIA2", provider.resolveCredentials().accessKeyId());
        assertEquals(2, provider.fetches());
    }

    @Test
    void aKnownExpiryIsHonouredWithAMargin() {
        AtomicInteger fetches = new AtomicInteger();
        AwsCredentialsProvider expiring = () -> AwsSessionCredentials.builder()
                .accessKeyId("ASIA" + fetches.incrementAndGet())
                .secretAccessKey("s")
                .sessionToken("t")
                .expirationTime(clock.instant().plus(Duration.ofMinutes(15)))
                .build();
        RefreshingCredentialsProvider provider =
                new RefreshingCredentialsProvider(expiring, Duration.ofHours(10), clock);
        provider.resolveCredentials();

        clock.advance(Duration.ofMinutes(9));
        assertEquals("ASIA1", provider.resolveCredentials().accessKeyId());
        clock.advance(Duration.ofMinutes(1)); // 5 minutes before the expiry
        assertEquals("ASIA2", provider.resolveCredentials().accessKeyId());
    }

    @Test
    void longTermKeysAreKept() {
        AtomicInteger fetches = new AtomicInteger();
        RefreshingCredentialsProvider provider = new RefreshingCredentialsProvider(
                () -> {
                    fetches.incrementAndGet();
                    return AwsBasicCredentials.create("AKIA", "secret");
                },
                Duration.ofMinutes(1),
                clock);

        provider.resolveCredentials();
        clock.advance(Duration.ofDays(3));
        provider.resolveCredentials();
        assertEquals(1, fetches.get());
    }

    @Test
    void invalidationFetchesAnew() {
        RefreshingCredentialsProvider provider =
                new RefreshingCredentialsProvider(assumesRoleEachTime, Duration.ofMinutes(45), clock);
        provider.resolveCredentials();
        provider.invalidate();
        assertEquals("ASIA2", provider.resolveCredentials().accessKeyId());
    }

    @Test
    void noCredentialsOrAFailingProviderAreReportedPlainly() {
        CredentialsUnavailableException none = assertThrows(
                CredentialsUnavailableException.class,
                () -> new RefreshingCredentialsProvider(() -> null, Duration.ofMinutes(1), clock).resolveCredentials());
        assertTrue(none.getMessage().contains("gave none"), none.getMessage());

        CredentialsUnavailableException failing = assertThrows(
                CredentialsUnavailableException.class,
                () -> new RefreshingCredentialsProvider(
                                () -> {
                                    throw new IllegalStateException("STS said no");
                                },
                                Duration.ofMinutes(1),
                                clock)
                        .resolveCredentials());
        assertEquals("IllegalStateException: STS said no", failing.getMessage());
    }
}
