package io.jenkins.plugins.imagebuilder.aws;

import java.util.List;
import java.util.Map;

/** One request the local endpoint received, with what it answered. */
public final class RecordedRequest {

    private final ImageBuilderOperation operation;
    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final Map<String, Object> body;
    private final String accessKey;
    private final long receivedNanos = System.nanoTime();
    private volatile int status;
    private volatile String outcome;

    RecordedRequest(
            ImageBuilderOperation operation,
            String method,
            String path,
            Map<String, String> query,
            Map<String, List<String>> headers,
            Map<String, Object> body,
            String accessKey) {
        this.operation = operation;
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.accessKey = accessKey;
    }

    /** The operation the path names, or {@code null} for an unknown path. */
    public ImageBuilderOperation operation() {
        return operation;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Map<String, String> query() {
        return query;
    }

    /** Header names in lower case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The JSON body as maps and lists; empty for a GET. */
    public Map<String, Object> body() {
        return body;
    }

    /** The access key the request was signed with, or {@code null} if unsigned. */
    public String accessKey() {
        return accessKey;
    }

    /** When the request arrived, on {@link System#nanoTime()}'s scale. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** The HTTP status answered, or 0 if the connection was dropped. */
    public int status() {
        return status;
    }

    /** The error type answered, "OK", or "DROPPED". */
    public String outcome() {
        return outcome;
    }

    void answered(int status, String outcome) {
        this.status = status;
        this.outcome = outcome;
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + " " + outcome;
    }
}
