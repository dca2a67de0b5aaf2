package io.jenkins.plugins.imagebuilder.aws;

import java.util.Locale;

/** The severities of vulnerability findings, worst first; the first three are those the service counts. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFORMATIONAL,
    UNTRIAGED;

    /** The gate's threshold as a step names it: {@code CRITICAL}, {@code HIGH} or {@code MEDIUM}, in any case. */
    static Severity threshold(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        for (Severity severity : new Severity[] {CRITICAL, HIGH, MEDIUM}) {
            if (severity.name().equals(name)) {
                return severity;
            }
        }
        throw new InvalidInputException(EngineMessage.FINDINGS_BAD_THRESHOLD.format(text));
    }

    /** A finding's severity as the service writes it; {@code null} for one this plugin does not know. */
    static Severity fromService(String text) {
        if (text == null) {
            return null;
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
