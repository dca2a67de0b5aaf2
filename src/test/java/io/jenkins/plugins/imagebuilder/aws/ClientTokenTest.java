package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The client token is what guarantees one build per call: stable for a call, distinct across calls. */
class ClientTokenTest {

    private static final String URL = "https://ci.example.com/job/folder/job/images/1234/";

    @Test
    void aDerivedTokenIsAVersion5UuidOf36Characters() {
        String token = ClientToken.derive(URL, "12").value();

        assertEquals(36, token.length());
        UUID uuid = UUID.fromString(token);
        assertEquals(5, uuid.version());
        assertEquals(2, uuid.variant());
    }

    @Test
    void theSameCallAlwaysGetsTheSameToken() {
        assertEquals(ClientToken.derive(URL, "12"), ClientToken.derive(URL, "12"));
        assertEquals(
                ClientToken.derive(URL, "12").value(),
                ClientToken.derive(new String(URL), "1" + "2").value());
    }

    @Test
    void tokensDifferAcrossCallsBuildsAndJobs() {
        Set<String> tokens = new HashSet<>();
        for (int build = 1; build <= 50; build++) {
            for (int node = 1; node <= 20; node++) {
                tokens.add(ClientToken.derive("https://ci.example.com/job/images/" + build + "/", String.valueOf(node))
                        .value());
            }
        }
        assertEquals(1000, tokens.size());
    }

    @Test
    void urlAndDiscriminatorCannotBeShiftedIntoEachOther() {
        // Without a separator these two would both read "https://ci/1" + "23".
        assertNotEquals(ClientToken.derive("https://ci/1", "23"), ClientToken.derive("https://ci/12", "3"));
        assertNotEquals(ClientToken.derive("https://ci/1#2", "3"), ClientToken.derive("https://ci/1", "2#3"));
    }

    @Test
    void aFollowUpTokenIsStableAndDistinct() {
        ClientToken start = ClientToken.derive(URL, "12");

        assertEquals(start.derivedFor("cancel"), ClientToken.derive(URL, "12").derivedFor("cancel"));
        assertNotEquals(start, start.derivedFor("cancel"));
        assertEquals(36, start.derivedFor("cancel").value().length());
    }

    @Test
    void aUserTokenIsKeptExactlyAsGiven() {
        assertEquals(
                "Release_2026-11/rc.1", ClientToken.of("Release_2026-11/rc.1").value());
        assertEquals("x".repeat(36), ClientToken.of("x".repeat(36)).value());
    }

    @Test
    void aUserTokenThatTheServiceWouldRefuseIsRejected() {
        assertTrue(assertThrows(InvalidInputException.class, () -> ClientToken.of(""))
                .getMessage()
                .contains("empty"));
        assertTrue(assertThrows(InvalidInputException.class, () -> ClientToken.of("x".repeat(37)))
                .getMessage()
                .contains("37 characters"));
        assertTrue(assertThrows(InvalidInputException.class, () -> ClientToken.of("a\tb"))
                .getMessage()
                .contains("control characters"));
        assertTrue(assertThrows(InvalidInputException.class, () -> ClientToken.of("ab "))
                .getMessage()
                .contains("white space"));
    }

    @Test
    void aTokenCannotBeDerivedFromNothing() {
        assertThrows(IllegalArgumentException.class, () -> ClientToken.derive("", "1"));
        assertThrows(IllegalArgumentException.class, () -> ClientToken.derive(URL, null));
    }
}
