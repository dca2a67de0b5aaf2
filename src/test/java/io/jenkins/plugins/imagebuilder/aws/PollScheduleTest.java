package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

    private final PollSchedule schedule = PollSchedule.DEFAULT;

    @Test
    void pollsStartShortAndBackOffToMinutesWhileNothingChanges() {
        Duration delay = schedule.afterPoll(null, true);
        assertEquals(Duration.ofSeconds(10), delay);
        for (int i = 0; i < 20; i++) {
            Duration next = schedule.afterPoll(delay, false);
            assertTrue(next.compareTo(delay) >= 0);
            delay = next;
        }
        assertEquals(Duration.ofMinutes(2), delay);
    }

    @Test
    void aChangeOfStateStartsShortAgain() {
        assertEquals(Duration.ofSeconds(10), schedule.afterPoll(Duration.ofMinutes(2), true));
    }

    @Test
    void overloadBacksOffFurtherThanOtherFailures() {
        Duration throttled = schedule.afterFailure(Duration.ofSeconds(20), ImageBuilderException.Kind.THROTTLED);
        Duration unreachable = schedule.afterFailure(Duration.ofSeconds(20), ImageBuilderException.Kind.UNREACHABLE);

        assertEquals(Duration.ofSeconds(60), throttled);
        assertEquals(Duration.ofSeconds(40), unreachable);
        assertEquals(
                Duration.ofMinutes(5),
                schedule.afterFailure(Duration.ofMinutes(4), ImageBuilderException.Kind.THROTTLED));
    }

    @Test
    void jitterStaysWithinItsFraction() {
        assertEquals(Duration.ofSeconds(90), schedule.jittered(Duration.ofSeconds(100), 0.0));
        assertEquals(Duration.ofSeconds(100), schedule.jittered(Duration.ofSeconds(100), 0.5));
        assertTrue(schedule.jittered(Duration.ofSeconds(100), 0.999).compareTo(Duration.ofSeconds(110)) < 0);
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new PollSchedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5, 0.1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PollSchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0.1));
    }
}
