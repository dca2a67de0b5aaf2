package io.jenkins.plugins.imagebuilder.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local EC2 Image Builder: real HTTP on 127.0.0.1 speaking the service's REST-JSON protocol, in
 * front of a {@link FakeImageBuilder} that holds the pipelines and image builds. It checks SigV4
 * signatures (service {@code imagebuilder}, the region of the ARN in the request, the session
 * token), records every request, and on demand injects faults, delays answers (without holding a
 * thread per request, so that it can keep a thousand slow calls waiting at once) or holds them
 * until released.
 *
 * <p>Use it as a JUnit extension ({@code @RegisterExtension}), which starts it before each test and
 * stops it after, or start and close it by hand.
 */
public final class LocalImageBuilderEndpoint implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    /** A key pair the endpoint accepts from the start. Test values, valid nowhere else. */
    public static final String ACCESS_KEY = "AKIAIMAGEBUILDERTEST";

    public static final String SECRET_KEY = "lOcAl+SeCrEt/kEy0123456789abcdefGHIJKLMN";
    public static final String ACCOUNT = FakeImageBuilder.ACCOUNT;

    private static final Logger LOGGER = Logger.getLogger(LocalImageBuilderEndpoint.class.getName());

    static {
        // Without TCP_NODELAY the JDK server's separate writes of headers and body meet the client's
        // delayed ACK: 40 ms per answer. Read once, when the JDK server first starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // It also keeps at most 200 idle connections and closes the rest without a word: a client that
        // reuses one gets "the target server failed to respond". A thousand callers with a connection each
        // (the thread-per-wait baseline of the benchmarks) need more.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
        }
    }

    private final FakeImageBuilder service = new FakeImageBuilder();
    private final ObjectMapper json = new ObjectMapper();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final SignatureCheck signatures = new SignatureCheck(service);
    private volatile boolean keepRequestDetails = true;
    private volatile boolean keepRequests = true;
    private volatile java.util.function.Consumer<RecordedRequest> onRequest = request -> {};
    private HttpServer server;
    private ExecutorService handlers;
    private final AnswerTiming answers = new AnswerTiming();

    public LocalImageBuilderEndpoint() {
        service.allowCredentials(ACCESS_KEY, SECRET_KEY);
    }

    /** Starts an endpoint on a free port of 127.0.0.1. */
    public static LocalImageBuilderEndpoint start() throws IOException {
        return start(0);
    }

    /** Starts an endpoint on this port of 127.0.0.1 (0 for a free one). */
    public static LocalImageBuilderEndpoint start(int port) throws IOException {
        LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();
        endpoint.listen(port);
        return endpoint;
    }

    private synchronized void listen(int port) throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        handlers = Executors.newFixedThreadPool(8, daemon("local Image Builder"));
        answers.start();
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            answers.close();
            handlers.shutdownNow();
            try {
                handlers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        listen(0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** The fake service behind the endpoint: pipelines, image builds, keys, permissions. */
    public FakeImageBuilder service() {
        return service;
    }

    /** The base URL, {@code http://127.0.0.1:PORT}, to use as endpoint override. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public URI uri() {
        return URI.create(url());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Delays every answer by this much; the calls are handled when they arrive. */
    public void latency(Duration latency) {
        answers.latency(latency);
    }

    /** Delays the answers of one operation by this much, whatever the general latency. */
    public void latency(ImageBuilderOperation operation, Duration latency) {
        answers.latency(operation, latency);
    }

    /** Holds the answers of this operation from now on until the hold is released. */
    public HeldAnswers hold(ImageBuilderOperation operation) {
        return answers.hold(operation);
    }

    /** Whether to keep headers and bodies of requests; off, for measurements that must not see them pile up. */
    public void keepRequestDetails(boolean keep) {
        this.keepRequestDetails = keep;
    }

    /**
     * Whether to keep the requests at all, and who else hears of each: for measurements in the same JVM,
     * which must not count the endpoint's own records as the heap of what they measure.
     */
    public void keepRequests(boolean keep, java.util.function.Consumer<RecordedRequest> listener) {
        this.keepRequests = keep;
        this.onRequest = listener;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(ImageBuilderOperation operation) {
        return requests.stream().filter(r -> r.operation() == operation).collect(Collectors.toList());
    }

    public void clearRequests() {
        requests.clear();
    }

    // ------------------------------------------------------------------ protocol

    private void handle(HttpExchange exchange) throws IOException {
        RecordedRequest recorded = null;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            Map<String, String> query = parseQuery(rawQuery);
            ImageBuilderOperation operation = operationOf(method, path);
            Map<String, Object> input = parseBody(body);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            recorded = keepRequestDetails
                    ? new RecordedRequest(
                            operation, method, path, query, headers, input, SignatureCheck.accessKeyOf(headers))
                    : new RecordedRequest(operation, method, path, query, Map.of(), Map.of(), null);
            if (keepRequests) {
                requests.add(recorded);
            }
            onRequest.accept(recorded);

            Fault fault = operation == null ? null : service.nextFault(operation);
            if (fault != null && fault.kind == Fault.Kind.DROP_BEFORE_PROCESSING) {
                recorded.answered(0, "DROPPED");
                exchange.close(); // closing without an answer drops the connection
                return;
            }
            int status;
            Map<String, Object> output;
            String errorType = null;
            try {
                if (operation == null) {
                    throw new ServiceError("UnknownOperationException", 404, "No operation at " + method + " " + path);
                }
                if (input == null) {
                    throw new ServiceError("SerializationException", 400, "The request body is not a JSON object");
                }
                String accessKey = signatures.authenticate(
                        method, path, rawQuery, headers, body, SignatureCheck.regionOf(operation, query, input));
                if (fault != null && fault.kind == Fault.Kind.ERROR) {
                    throw new ServiceError(fault.errorType, fault.status, fault.message);
                }
                output = service.call(operation, query, input, accessKey);
                if (fault != null && fault.kind == Fault.Kind.DROP_AFTER_PROCESSING) {
                    recorded.answered(0, "DROPPED");
                    exchange.close();
                    return;
                }
                status = 200;
            } catch (ServiceError e) {
                output = new LinkedHashMap<>();
                output.put("message", e.getMessage());
                status = e.status;
                errorType = e.type;
            }
            // Recorded before the answer leaves, so that a caller who got it sees the record complete.
            recorded.answered(status, errorType == null ? "OK" : errorType);
            answerLater(operation, exchange, status, output, errorType);
        } catch (RuntimeException | IOException e) {
            // A bug of the fixture itself: say so, the JDK server would not.
            LOGGER.log(Level.WARNING, "local Image Builder endpoint failed on " + recorded, e);
            if (recorded != null) {
                recorded.answered(0, "FIXTURE ERROR " + e);
            }
            exchange.close();
        }
    }

    /** Answers now, after the latency, or when the hold of the operation is released; never holding a thread. */
    private void answerLater(
            ImageBuilderOperation operation,
            HttpExchange exchange,
            int status,
            Map<String, Object> output,
            String errorType) {
        answers.send(operation, () -> {
            try {
                respond(exchange, status, output, errorType);
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "the caller of the local endpoint went away", e);
            }
        });
    }

    private static ImageBuilderOperation operationOf(String method, String path) {
        switch (method + " " + path) {
            case "PUT /StartImagePipelineExecution":
                return ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
            case "GET /GetImage":
                return ImageBuilderOperation.GET_IMAGE;
            case "PUT /CancelImageCreation":
                return ImageBuilderOperation.CANCEL_IMAGE_CREATION;
            case "GET /GetImagePipeline":
                return ImageBuilderOperation.GET_IMAGE_PIPELINE;
            case "POST /ListWorkflowExecutions":
                return ImageBuilderOperation.LIST_WORKFLOW_EXECUTIONS;
            case "POST /ListWorkflowStepExecutions":
                return ImageBuilderOperation.LIST_WORKFLOW_STEP_EXECUTIONS;
            case "PUT /SendWorkflowStepAction":
                return ImageBuilderOperation.SEND_WORKFLOW_STEP_ACTION;
            case "POST /ListWaitingWorkflowSteps":
                return ImageBuilderOperation.LIST_WAITING_WORKFLOW_STEPS;
            case "POST /ListImageScanFindings":
                return ImageBuilderOperation.LIST_IMAGE_SCAN_FINDINGS;
            case "POST /ListImageScanFindingAggregations":
                return ImageBuilderOperation.LIST_IMAGE_SCAN_FINDING_AGGREGATIONS;
            default:
                return null;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parseBody(byte[] body) {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        try {
            Object parsed = json.readValue(body, Object.class);
            return parsed instanceof Map ? (Map<String, Object>) parsed : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private void respond(HttpExchange exchange, int status, Map<String, Object> body, String errorType)
            throws IOException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders()
                .set(
                        "x-amzn-RequestId",
                        body.containsKey("requestId")
                                ? String.valueOf(body.get("requestId"))
                                : UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
