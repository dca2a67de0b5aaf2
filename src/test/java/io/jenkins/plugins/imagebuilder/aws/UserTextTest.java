package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What users and the service wrote can be echoed without forging log lines or flooding them. */
class UserTextTest {

    @Test
    void lineBreaksAndTerminalEscapesAreShownNotObeyed() {
        assertEquals(
                "arn\\nFinished: SUCCESS\\r\\t\\u001B[32m\\u202E",
                UserText.escape("arn\nFinished: SUCCESS\r\t\u001B[32m\u202E"));
    }

    @Test
    void quotesAndBackslashesCannotCloseTheQuote() {
        assertEquals("\"a\\\"b\\\\\"", UserText.quote("a\"b\\"));
    }

    @Test
    void longTextIsCutWithAVisibleMark() {
        String escaped = UserText.escape("x".repeat(100_000));

        assertTrue(escaped.startsWith("x".repeat(200) + "\u2026 (99800 more characters)"), escaped);
        assertEquals(200 + "\u2026 (99800 more characters)".length(), escaped.length());
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        assertEquals(
                "Zoë Ångström \uD83D\uDE80 web-images_2", UserText.escape("Zoë Ångström \uD83D\uDE80 web-images_2"));
        assertNull(UserText.escape(null));
    }
}
