package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageTagsTest {

    @Test
    void everyCharacterTheModelAllowsInKeysIsAccepted() {
        Map<String, String> tags = Map.of("Az09 _.:/=+-@", "any value, even ünïcödé and emoji \uD83D\uDE80", "k", "");

        assertEquals(tags, ImageTags.of(tags).asMap());
    }

    @Test
    void limitsAreCountedInCharactersNotBytes() {
        String value = "\uD83D\uDE80".repeat(256); // 256 characters, 512 UTF-16 units
        assertEquals(value, ImageTags.of(Map.of("rocket", value)).asMap().get("rocket"));
        assertThrows(InvalidInputException.class, () -> ImageTags.of(Map.of("rocket", value + "!")));
    }

    @Test
    void fiftyTagsAreFine() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            tags.put("k" + i, "v");
        }
        assertEquals(50, ImageTags.of(tags).asMap().size());
    }

    @Test
    void everyProblemIsListed() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("aws:x", "v");
        tags.put("a|b", "v");
        tags.put("long", "v".repeat(300));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageTags.of(tags));

        assertEquals(
                List.of(
                        "The tag key \"aws:x\" starts with \"aws:\", a prefix reserved for AWS; choose another key.",
                        "The tag key \"a|b\" contains |; keys may only contain letters, digits, spaces and _ . : / = + - @",
                        "The value of the tag \"long\" has 300 characters; the limit is 256."),
                e.problems());
    }

    @Test
    void traceabilityTagsYieldToTheUsersAndAreTrimmed() {
        ImageTags tags = ImageTags.of(Map.of("jenkins:build", "mine"))
                .withTraceability(Map.of("jenkins:build", "7", "jenkins:url", "x".repeat(400)));

        assertEquals("mine", tags.asMap().get("jenkins:build"));
        assertEquals(256, tags.asMap().get("jenkins:url").length());
    }

    @Test
    void controlCharactersInKeysAreRefusedThoughTheModelsPatternWouldLetThemThrough() {
        for (String key : new String[] {"team\tname", "team\nname", "team\rname", "te\u001B[2Jam"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageTags.of(Map.of(key, "v")));

            assertTrue(e.getMessage().contains("keys may only contain letters, digits, spaces"), e.getMessage());
            assertFalse(
                    e.getMessage().chars().anyMatch(Character::isISOControl),
                    "the message shows the characters escaped: " + e.getMessage());
        }
    }

    @Test
    void aKeyOfSpacesAloneIsAnEmptyKey() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageTags.of(Map.of("   ", "v")));

        assertEquals(List.of("A tag has an empty key; keys must have 1 to 128 characters."), e.problems());
    }

    @Test
    void noTagsAtAll() {
        assertTrue(ImageTags.of(null).isEmpty());
        assertTrue(ImageTags.none().withTraceability(Map.of()).isEmpty());
    }
}
