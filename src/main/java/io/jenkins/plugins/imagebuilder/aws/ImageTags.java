package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tags for the image an execution creates, validated against the service model's {@code TagMap}:
 * at most 50; keys of 1 to 128 characters, not starting with {@code aws:}, from a restricted set of
 * characters; values of at most 256 characters. Every problem is reported at once.
 */
public final class ImageTags {

    static final int MAX_TAGS = 50;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 256;
    // The service model's key pattern, [a-zA-Z0-9\s_.:/=+\-@]*, without its "(?!aws:)" look-ahead (checked on its
    // own) and deliberately stricter: the model's \s would also let tabs, line feeds and other control characters
    // through, and such a key is always a mistake (a stray variable, a pasted line break), so only the space is
    // allowed.
    private static final Pattern KEY_CHARACTERS = Pattern.compile("[a-zA-Z0-9 _.:/=+\\-@]*");
    private static final Pattern KEY_CHARACTER = Pattern.compile("[a-zA-Z0-9 _.:/=+\\-@]");

    private static final ImageTags NONE = new ImageTags(Map.of());

    private final Map<String, String> tags;

    private ImageTags(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    public static ImageTags none() {
        return NONE;
    }

    /**
     * Validates tags as a user gave them.
     *
     * @throws InvalidInputException listing every problem found
     */
    public static ImageTags of(Map<String, String> tags) {
        Map<String, String> copy = new LinkedHashMap<>(tags == null ? Map.of() : tags);
        List<String> problems = problemsOf(copy);
        if (copy.size() > MAX_TAGS) {
            problems.add(0, EngineMessage.TAGS_TOO_MANY.format(String.valueOf(copy.size()), MAX_TAGS));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return copy.isEmpty() ? NONE : new ImageTags(copy);
    }

    /**
     * Adds tags that trace the image back to the build that started it. Tags the user set win over
     * them; their values are cut to the service's limit; the result is validated as a whole.
     *
     * @throws InvalidInputException if the combined set is not valid
     */
    public ImageTags withTraceability(Map<String, String> traceability) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        int added = 0;
        for (Map.Entry<String, String> tag : traceability.entrySet()) {
            if (!merged.containsKey(tag.getKey())) {
                merged.put(tag.getKey(), truncate(tag.getValue(), MAX_VALUE_LENGTH));
                added++;
            }
        }
        List<String> problems = problemsOf(merged);
        if (merged.size() > MAX_TAGS) {
            problems.add(
                    0,
                    added == 0
                            ? EngineMessage.TAGS_TOO_MANY.format(String.valueOf(merged.size()), MAX_TAGS)
                            : EngineMessage.TAGS_TOO_MANY_WITH_TRACEABILITY.format(
                                    String.valueOf(merged.size()), MAX_TAGS, added));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return merged.isEmpty() ? NONE : new ImageTags(merged);
    }

    /** The tags, in the order given; empty when there are none. */
    public Map<String, String> asMap() {
        return tags;
    }

    /**
     * Tags a Pipeline script gave as a map ({@code tags: [team: 'web']}) as the rows of {@code key} and
     * {@code value} that a step's form binds; values are made text, a missing one stays missing.
     */
    public static List<Map<String, Object>> rowsOf(Map<?, ?> tags) {
        List<Map<String, Object>> rows = new ArrayList<>();
        tags.forEach((key, value) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", String.valueOf(key));
            row.put("value", value == null ? null : value.toString());
            rows.add(row);
        });
        return rows;
    }

    /** The other way: rows of {@code key} and {@code value} as the map a Pipeline script would write. */
    public static Map<String, Object> mapOf(List<? extends Map<String, ?>> rows) {
        Map<String, Object> map = new LinkedHashMap<>();
        rows.forEach(row -> map.put(String.valueOf(row.get("key")), row.get("value") == null ? "" : row.get("value")));
        return map;
    }

    public boolean isEmpty() {
        return tags.isEmpty();
    }

    private static List<String> problemsOf(Map<String, String> tags) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey() == null ? "" : tag.getKey();
            int keyLength = key.codePointCount(0, key.length());
            if (key.isBlank()) {
                // Spaces alone are valid for the model, but name nothing: a key left empty in a form.
                problems.add(EngineMessage.TAG_KEY_EMPTY.format());
            } else if (keyLength > MAX_KEY_LENGTH) {
                problems.add(EngineMessage.TAG_KEY_TOO_LONG.format(quote(key), keyLength, MAX_KEY_LENGTH));
            }
            if (key.startsWith("aws:")) {
                problems.add(EngineMessage.TAG_KEY_RESERVED.format(quote(key)));
            }
            if (!KEY_CHARACTERS.matcher(key).matches()) {
                problems.add(EngineMessage.TAG_KEY_BAD_CHARACTERS.format(quote(key), badCharacters(key)));
            }
            String value = tag.getValue();
            if (value == null) {
                problems.add(EngineMessage.TAG_VALUE_MISSING.format(quote(key)));
            } else {
                int valueLength = value.codePointCount(0, value.length());
                if (valueLength > MAX_VALUE_LENGTH) {
                    problems.add(EngineMessage.TAG_VALUE_TOO_LONG.format(quote(key), valueLength, MAX_VALUE_LENGTH));
                }
            }
        }
        return problems;
    }

    private static String badCharacters(String key) {
        StringBuilder bad = new StringBuilder();
        key.codePoints()
                .mapToObj(Character::toString)
                .distinct()
                .filter(c -> !KEY_CHARACTER.matcher(c).matches())
                .forEach(c -> bad.append(bad.length() == 0 ? "" : " ").append(UserText.escape(c)));
        return bad.toString();
    }

    private static String quote(String text) {
        return UserText.escape(text);
    }

    static String truncate(String text, int maxCodePoints) {
        if (text == null || text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageTags && ((ImageTags) other).tags.equals(tags);
    }

    @Override
    public int hashCode() {
        return tags.hashCode();
    }

    @Override
    public String toString() {
        return tags.toString();
    }
}
