package io.jenkins.plugins.imagebuilder.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * How the fake's List* calls page their answers: at most a page of items, and a nextToken when more
 * follow. The token is opaque to the caller, as the service's is, and only good for the same question
 * (the same filters): anything else is an InvalidPaginationTokenException.
 */
final class Pages {

    private static final int TOKEN_MAX = 65535;

    private Pages() {}

    /**
     * Puts the page of {@code items} that the input's nextToken asks for into {@code output} under
     * {@code member}, with the token of the next page if there is one.
     *
     * @param question what was asked (the filters), which a token is bound to
     */
    static void page(
            Map<String, Object> output,
            String member,
            List<?> items,
            Map<String, Object> input,
            int size,
            String question)
            throws ServiceError {
        int from = offset(input.get("nextToken"), question);
        if (from < 0 || from > items.size()) {
            throw invalid(); // the listing shrank below the token's page: the service would not know it either
        }
        int to = Math.min(items.size(), from + size);
        output.put(member, List.copyOf(items.subList(from, to)));
        if (to < items.size()) {
            output.put("nextToken", token(question, to));
        }
    }

    private static String token(String question, int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((offset + "\n" + question).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(Object token, String question) throws ServiceError {
        if (token == null) {
            return 0;
        }
        if (!(token instanceof String) || ((String) token).isEmpty() || ((String) token).length() > TOKEN_MAX) {
            throw invalid();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode((String) token), StandardCharsets.UTF_8);
            int newline = decoded.indexOf('\n');
            if (newline < 0 || !decoded.substring(newline + 1).equals(question)) {
                throw invalid();
            }
            return Integer.parseInt(decoded.substring(0, newline));
        } catch (IllegalArgumentException e) { // not Base64, or no number: NumberFormatException is one
            throw invalid();
        }
    }

    private static ServiceError invalid() {
        return new ServiceError("InvalidPaginationTokenException", 400, "The nextToken is not valid for this request.");
    }
}
