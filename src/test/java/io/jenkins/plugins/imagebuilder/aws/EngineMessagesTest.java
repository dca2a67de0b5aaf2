package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The message enum and its properties file name the same entries, and every entry formats. */
class EngineMessagesTest {

    @Test
    void enumAndBundleMatch() throws IOException {
        Properties bundle = new Properties();
        try (InputStream in = EngineMessage.class.getResourceAsStream("EngineMessages.properties")) {
            bundle.load(in);
        }
        Set<String> keys = Arrays.stream(EngineMessage.values())
                .map(EngineMessage::key)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(bundle.stringPropertyNames()), keys);
    }

    @Test
    void everyEntryFormats() {
        for (EngineMessage message : EngineMessage.values()) {
            String text = message.format("a0", "a1", "a2", "a3", "a4", "a5", "a6");
            assertFalse(text.isBlank(), message.name());
            assertFalse(text.contains("{"), message.name() + " left a placeholder: " + text);
        }
    }
}
