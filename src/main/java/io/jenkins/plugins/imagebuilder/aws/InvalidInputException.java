package io.jenkins.plugins.imagebuilder.aws;

import java.util.List;
import java.util.function.Supplier;

/**
 * Input that Image Builder would reject, found before any request is sent. The message says what is
 * wrong and how to fix it; {@link #problems()} lists each problem on its own when there are several.
 */
public final class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidInputException(String problem) {
        this(List.of(problem));
    }

    InvalidInputException(List<String> problems) {
        super(join(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, in the order found. */
    public List<String> problems() {
        return problems;
    }

    /** Runs one check; what it finds joins {@code problems} instead of being thrown, to report all at once. */
    static <T> T collect(List<String> problems, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Throws the problems collected, if there are any. */
    static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static String join(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        StringBuilder text = new StringBuilder(EngineMessage.INPUT_SEVERAL_PROBLEMS.format(problems.size()));
        for (String problem : problems) {
            text.append(System.lineSeparator()).append(" - ").append(problem);
        }
        return text.toString();
    }
}
