package io.jenkins.plugins.imagebuilder.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local EC2 Image Builder: real HTTP on 127.0.0.1 speaking the service's REST-JSON protocol as its
 * model describes it, for StartImagePipelineExecution, GetImage, CancelImageCreation and
 * GetImagePipeline. It checks SigV4 signatures (service {@code imagebuilder}, the region of the ARN in
 * the request), validates input against the model, honours client tokens, moves images through their
 * states on a controllable schedule, injects faults on demand and records every request.
 *
 * <p>Use it as a JUnit extension ({@code @RegisterExtension}) or start and close it by hand.
 */
public final class LocalImageBuilderEndpoint implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    /** A key pair the endpoint accepts from the start. Test values, valid nowhere else. */
    public static final String ACCESS_KEY = "AKIAIMAGEBUILDERTEST";

    public static final String SECRET_KEY = "lOcAl+SeCrEt/kEy0123456789abcdefGHIJKLMN";
    public static final String ACCOUNT = "123456789012";

    // Patterns of the service model (botocore's imagebuilder model).
    private static final Pattern PIPELINE_ARN =
            Pattern.compile("^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):image-pipeline/[a-z0-9-_]+$");
    private static final Pattern IMAGE_ARN = Pattern.compile(
            "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?):image/[a-z0-9-_]+/[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$");
    private static final Pattern TAG_KEY = Pattern.compile("^(?!aws:)[a-zA-Z0-9\\s_.:/=+\\-@]*$");
    private static final int TOKEN_MAX = 64;

    private static final Logger LOGGER = Logger.getLogger(LocalImageBuilderEndpoint.class.getName());

    static {
        // Without TCP_NODELAY the JDK server's separate writes of headers and body meet the client's
        // delayed ACK: 40 ms per answer. Read once, when the JDK server first starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Map<String, Set<ImageBuilderOperation>> denied = new ConcurrentHashMap<>();
    private final Map<String, Pipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<String, Image> images = new ConcurrentHashMap<>();
    private final Map<String, TokenUse> startTokens = new ConcurrentHashMap<>();
    private final Map<String, TokenUse> cancelTokens = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<ImageBuilderOperation, Deque<Fault>> faults = new EnumMap<>(ImageBuilderOperation.class);
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean keepRequestDetails = true;
    private volatile Clock clock = Clock.systemUTC();
    private volatile ImageLifecycle lifecycle = ImageLifecycle.DEFAULT;
    private HttpServer server;
    private ExecutorService executor;

    private static final class Credential {
        final String secret;
        final String sessionToken;
        final Instant expiresAt;

        Credential(String secret, String sessionToken, Instant expiresAt) {
            this.secret = secret;
            this.sessionToken = sessionToken;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Pipeline {
        final String arn;
        final String region;
        final String account;
        final String name;
        final String partition;
        volatile String status = "ENABLED";
        volatile ImageLifecycle lifecycle;
        final List<String> distributionRegions = new CopyOnWriteArrayList<>();
        final List<String> containerUris = new CopyOnWriteArrayList<>();
        int builds;

        Pipeline(String arn) {
            String[] fields = arn.split(":", 6);
            this.arn = arn;
            this.partition = fields[1];
            this.region = fields[3];
            this.account = fields[4];
            this.name = fields[5].substring("image-pipeline/".length());
        }
    }

    private static final class Image {
        final String arn;
        final Pipeline pipeline;
        final Map<String, String> tags;
        volatile Instant createdAt;
        final ImageLifecycle lifecycle;
        int polls;
        ImageBuildStatus override;
        String overrideReason;

        Image(String arn, Pipeline pipeline, Map<String, String> tags, Instant createdAt, ImageLifecycle lifecycle) {
            this.arn = arn;
            this.pipeline = pipeline;
            this.tags = tags;
            this.createdAt = createdAt;
            this.lifecycle = lifecycle;
        }
    }

    private static final class TokenUse {
        final String fingerprint;
        final String imageArn;

        TokenUse(String fingerprint, String imageArn) {
            this.fingerprint = fingerprint;
            this.imageArn = imageArn;
        }
    }

    /** An error answer, as the service sends it. */
    private static final class ServiceError extends Exception {
        private static final long serialVersionUID = 1L;
        final String type;
        final int status;

        ServiceError(String type, int status, String message) {
            super(message, null, false, false);
            this.type = type;
            this.status = status;
        }
    }

    public LocalImageBuilderEndpoint() {
        allowCredentials(ACCESS_KEY, SECRET_KEY);
    }

    /** Starts an endpoint on a free port of 127.0.0.1. */
    public static LocalImageBuilderEndpoint start() throws IOException {
        LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();
        endpoint.listen();
        return endpoint;
    }

    private synchronized void listen() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        executor = Executors.newFixedThreadPool(32, runnable -> {
            Thread thread = new Thread(runnable, "local-image-builder");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        listen();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    // ------------------------------------------------------------------ configuration

    /** The base URL, {@code http://127.0.0.1:PORT}, to use as endpoint override. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create(url());
    }

    /** Accepts requests signed with this key pair. */
    public void allowCredentials(String accessKey, String secretKey) {
        credentials.put(accessKey, new Credential(secretKey, null, null));
    }

    /** Accepts session credentials until {@code expiresAt} on the endpoint's clock; then ExpiredTokenException. */
    public void allowSessionCredentials(String accessKey, String secretKey, String sessionToken, Instant expiresAt) {
        credentials.put(accessKey, new Credential(secretKey, sessionToken, expiresAt));
    }

    /** Answers ForbiddenException to this key for this operation, as IAM would without the permission. */
    public void deny(String accessKey, ImageBuilderOperation operation) {
        denied.computeIfAbsent(accessKey, k -> ConcurrentHashMap.newKeySet()).add(operation);
    }

    /** Creates a pipeline in the default account; returns its ARN. */
    public String addPipeline(String region, String name) {
        return addPipeline("arn:aws:imagebuilder:" + region + ":" + ACCOUNT + ":image-pipeline/" + name);
    }

    /** Creates a pipeline with this ARN (any partition, region and account). */
    public String addPipeline(String arn) {
        if (!PIPELINE_ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException("not a pipeline ARN: " + arn);
        }
        pipelines.put(arn, new Pipeline(arn));
        return arn;
    }

    /** Makes the pipeline's builds also distribute AMIs to these regions. */
    public void distributeTo(String pipelineArn, String... regions) {
        pipelines.get(pipelineArn).distributionRegions.addAll(List.of(regions));
    }

    /** Makes the pipeline a container pipeline that pushes these URIs (in its own region). */
    public void pushContainers(String pipelineArn, String... imageUris) {
        pipelines.get(pipelineArn).containerUris.addAll(List.of(imageUris));
    }

    public void disablePipeline(String pipelineArn) {
        pipelines.get(pipelineArn).status = "DISABLED";
    }

    /** How images created from now on move through their states. */
    public void lifecycle(ImageLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** How images of this pipeline created from now on move through their states, whatever the general lifecycle. */
    public void lifecycle(String pipelineArn, ImageLifecycle lifecycle) {
        pipelines.get(pipelineArn).lifecycle = lifecycle;
    }

    /** The clock that times lifecycles and session expiry (signature dates use the real time). */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /** Puts an image in a state, as if something outside changed it. */
    public void setImageStatus(String imageArn, ImageBuildStatus status, String reason) {
        Image image = images.get(imageArn);
        synchronized (image) {
            image.override = status;
            image.overrideReason = reason;
        }
    }

    /** Forgets all images, client tokens and recorded requests: for long measurements. */
    public void forgetImages() {
        synchronized (startTokens) {
            images.clear();
            startTokens.clear();
            cancelTokens.clear();
        }
        requests.clear();
    }

    /** Restarts the timed lifecycles of all images now, as if they had all just been started. */
    public void restartLifecycles() {
        Instant now = clock.instant();
        images.values().forEach(image -> image.createdAt = now);
    }

    /** Makes the next {@code times} requests of this operation fail with the fault. */
    public void inject(ImageBuilderOperation operation, Fault fault, int times) {
        synchronized (faults) {
            Deque<Fault> queue = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
    }

    /** Whether to keep headers and bodies of requests; off, for measurements that must not see them pile up. */
    public void keepRequestDetails(boolean keep) {
        this.keepRequestDetails = keep;
    }

    /** Delays every answer by this much. */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    // ------------------------------------------------------------------ observation

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(ImageBuilderOperation operation) {
        return requests.stream().filter(r -> r.operation() == operation).collect(Collectors.toList());
    }

    public void clearRequests() {
        requests.clear();
    }

    /** The ARNs of all images created, in no particular order. */
    public Set<String> imageArns() {
        return Set.copyOf(images.keySet());
    }

    /** The tags an image was created with. */
    public Map<String, String> tagsOf(String imageArn) {
        return images.get(imageArn).tags;
    }

    /** The state GetImage would report now, without counting as a poll. */
    public ImageBuildStatus statusOf(String imageArn) {
        Image image = images.get(imageArn);
        synchronized (image) {
            return currentStatus(image, image.polls);
        }
    }

    // ------------------------------------------------------------------ protocol

    private void handle(HttpExchange exchange) throws IOException {
        RecordedRequest recorded = null;
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            Map<String, String> query = parseQuery(rawQuery);
            ImageBuilderOperation operation = operationOf(method, path);
            Map<String, Object> input = parseBody(body);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            recorded = keepRequestDetails
                    ? new RecordedRequest(operation, method, path, query, headers, input, accessKeyOf(headers))
                    : new RecordedRequest(operation, method, path, query, Map.of(), Map.of(), null);
            requests.add(recorded);
            sleep(latency);

            Fault fault = nextFault(operation);
            if (fault != null && fault.kind == Fault.Kind.DROP_BEFORE_PROCESSING) {
                recorded.answered(0, "DROPPED");
                return; // closing without an answer drops the connection
            }
            try {
                if (operation == null) {
                    throw new ServiceError("UnknownOperationException", 404, "No operation at " + method + " " + path);
                }
                if (input == null) {
                    throw new ServiceError("SerializationException", 400, "The request body is not a JSON object");
                }
                String accessKey =
                        authenticate(method, path, rawQuery, headers, body, regionOfRequest(operation, query, input));
                if (fault != null && fault.kind == Fault.Kind.ERROR) {
                    throw new ServiceError(fault.errorType, fault.status, fault.message);
                }
                if (denied.getOrDefault(accessKey, Set.of()).contains(operation)) {
                    throw new ServiceError(
                            "ForbiddenException",
                            403,
                            "User: arn:aws:iam::" + ACCOUNT + ":user/jenkins is not authorized to perform: "
                                    + operation.iamAction());
                }
                Map<String, Object> output = dispatch(operation, query, input);
                if (fault != null && fault.kind == Fault.Kind.DROP_AFTER_PROCESSING) {
                    recorded.answered(0, "DROPPED");
                    return;
                }
                // Recorded before the answer leaves, so that a caller who got it sees the record complete.
                recorded.answered(200, "OK");
                respond(exchange, 200, output, null);
            } catch (ServiceError e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("message", e.getMessage());
                recorded.answered(e.status, e.type);
                respond(exchange, e.status, error, e.type);
            }
        } catch (RuntimeException | IOException e) {
            // A bug of the fixture itself, or a client that gave up waiting: say so, the JDK server would not.
            LOGGER.log(Level.FINE, "local Image Builder endpoint could not answer " + recorded, e);
            if (e instanceof RuntimeException) {
                LOGGER.log(Level.WARNING, "local Image Builder endpoint failed on " + recorded, e);
                if (recorded != null) {
                    recorded.answered(0, "FIXTURE ERROR " + e);
                }
            }
            throw e;
        }
    }

    private Map<String, Object> dispatch(
            ImageBuilderOperation operation, Map<String, String> query, Map<String, Object> input) throws ServiceError {
        switch (operation) {
            case START_IMAGE_PIPELINE_EXECUTION:
                return startImagePipelineExecution(input);
            case GET_IMAGE:
                return getImage(query);
            case CANCEL_IMAGE_CREATION:
                return cancelImageCreation(input);
            case GET_IMAGE_PIPELINE:
                return getImagePipeline(query);
            default:
                throw new IllegalStateException(operation.name());
        }
    }

    private Map<String, Object> startImagePipelineExecution(Map<String, Object> input) throws ServiceError {
        String pipelineArn = requiredString(input, "imagePipelineArn", PIPELINE_ARN);
        String token = requiredToken(input);
        Map<String, String> tags = tags(input.get("tags"));
        Pipeline pipeline = pipelines.get(pipelineArn);
        if (pipeline == null) {
            throw new ServiceError("ResourceNotFoundException", 404, "The resource " + pipelineArn + " was not found.");
        }
        String fingerprint = pipelineArn + " " + new TreeMap<>(tags);
        String imageArn;
        synchronized (startTokens) {
            TokenUse used = startTokens.get(tokenScope(pipeline, token));
            if (used != null) {
                if (!used.fingerprint.equals(fingerprint)) {
                    throw new ServiceError(
                            "IdempotentParameterMismatchException",
                            400,
                            "The client token " + token + " was used with different parameters.");
                }
                imageArn = used.imageArn;
            } else {
                int build;
                synchronized (pipeline) {
                    build = ++pipeline.builds;
                }
                imageArn = "arn:" + pipeline.partition + ":imagebuilder:" + pipeline.region + ":" + pipeline.account
                        + ":image/" + pipeline.name + "/1.0.0/" + build;
                ImageLifecycle own = pipeline.lifecycle;
                images.put(
                        imageArn,
                        new Image(
                                imageArn, pipeline, Map.copyOf(tags), clock.instant(), own != null ? own : lifecycle));
                startTokens.put(tokenScope(pipeline, token), new TokenUse(fingerprint, imageArn));
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("requestId", UUID.randomUUID().toString());
        output.put("clientToken", token);
        output.put("imageBuildVersionArn", imageArn);
        return output;
    }

    /** Tokens are the caller's per account; each region (and partition) is a service of its own. */
    private static String tokenScope(Pipeline pipeline, String token) {
        return pipeline.partition + " " + pipeline.region + " " + pipeline.account + " " + token;
    }

    private Map<String, Object> getImage(Map<String, String> query) throws ServiceError {
        String arn = query.get("imageBuildVersionArn");
        if (arn == null || !IMAGE_ARN.matcher(arn).matches()) {
            throw new ServiceError("InvalidRequestException", 400, "imageBuildVersionArn is missing or malformed");
        }
        Image image = images.get(arn);
        if (image == null) {
            throw new ServiceError("ResourceNotFoundException", 404, "The resource " + arn + " was not found.");
        }
        ImageBuildStatus status;
        String reason;
        synchronized (image) {
            status = currentStatus(image, image.polls);
            image.polls++;
            reason = image.override != null ? image.overrideReason : image.lifecycle.reason();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", status.name());
        if (reason != null && (status == ImageBuildStatus.FAILED || status == ImageBuildStatus.CANCELLED)) {
            state.put("reason", reason);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arn", arn);
        body.put("type", image.pipeline.containerUris.isEmpty() ? "AMI" : "DOCKER");
        body.put("name", image.pipeline.name);
        body.put("version", "1.0.0");
        body.put("platform", "Linux");
        body.put("state", state);
        body.put("sourcePipelineArn", image.pipeline.arn);
        body.put("sourcePipelineName", image.pipeline.name);
        body.put("dateCreated", image.createdAt.toString());
        body.put("buildType", "USER_INITIATED");
        body.put("tags", image.tags);
        if (status == ImageBuildStatus.AVAILABLE) {
            body.put("outputResources", outputs(image));
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("requestId", UUID.randomUUID().toString());
        output.put("image", body);
        return output;
    }

    private Map<String, Object> outputs(Image image) {
        List<Object> amis = new ArrayList<>();
        List<Object> containers = new ArrayList<>();
        Pipeline pipeline = image.pipeline;
        if (pipeline.containerUris.isEmpty()) {
            List<String> regions = new ArrayList<>();
            regions.add(pipeline.region);
            regions.addAll(pipeline.distributionRegions);
            for (String region : regions) {
                Map<String, Object> ami = new LinkedHashMap<>();
                ami.put("region", region);
                ami.put("image", amiId(image.arn, region));
                ami.put("name", pipeline.name + " 1.0.0");
                ami.put("description", "Built by the local Image Builder");
                ami.put("accountId", pipeline.account);
                amis.add(ami);
            }
        } else {
            containers.add(Map.of("region", pipeline.region, "imageUris", List.copyOf(pipeline.containerUris)));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("amis", amis);
        outputs.put("containers", containers);
        return outputs;
    }

    /** The AMI id the endpoint gives an image in a region: stable, so tests can predict it. */
    public static String amiId(String imageArn, String region) {
        return "ami-" + String.format(Locale.ROOT, "%017x", ((long) (imageArn + region).hashCode()) & 0xfffffffffL);
    }

    private Map<String, Object> cancelImageCreation(Map<String, Object> input) throws ServiceError {
        String arn = requiredString(input, "imageBuildVersionArn", IMAGE_ARN);
        String token = requiredToken(input);
        Image image = images.get(arn);
        if (image == null) {
            throw new ServiceError("ResourceNotFoundException", 404, "The resource " + arn + " was not found.");
        }
        synchronized (cancelTokens) {
            TokenUse used = cancelTokens.get(token);
            if (used != null && !used.imageArn.equals(arn)) {
                throw new ServiceError(
                        "IdempotentParameterMismatchException",
                        400,
                        "The client token " + token + " was used with different parameters.");
            }
            if (used == null) {
                synchronized (image) {
                    ImageBuildStatus status = currentStatus(image, image.polls);
                    if (status.isTerminal()) {
                        throw new ServiceError(
                                "ResourceInUseException",
                                400,
                                "The image " + arn + " cannot be cancelled because its status is " + status + ".");
                    }
                    image.override = ImageBuildStatus.CANCELLED;
                    image.overrideReason = "Image creation was cancelled by the user.";
                }
                cancelTokens.put(token, new TokenUse(arn, arn));
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("requestId", UUID.randomUUID().toString());
        output.put("clientToken", token);
        output.put("imageBuildVersionArn", arn);
        return output;
    }

    private Map<String, Object> getImagePipeline(Map<String, String> query) throws ServiceError {
        String arn = query.get("imagePipelineArn");
        if (arn == null || !PIPELINE_ARN.matcher(arn).matches()) {
            throw new ServiceError("InvalidRequestException", 400, "imagePipelineArn is missing or malformed");
        }
        Pipeline pipeline = pipelines.get(arn);
        if (pipeline == null) {
            throw new ServiceError("ResourceNotFoundException", 404, "The resource " + arn + " was not found.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arn", arn);
        body.put("name", pipeline.name);
        body.put("description", "Local pipeline " + pipeline.name);
        body.put("platform", "Linux");
        body.put("status", pipeline.status);
        body.put("tags", Map.of());
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("requestId", UUID.randomUUID().toString());
        output.put("imagePipeline", body);
        return output;
    }

    private ImageBuildStatus currentStatus(Image image, int polls) {
        if (image.override != null) {
            return image.override;
        }
        return image.lifecycle.statusAt(polls, Duration.between(image.createdAt, clock.instant()));
    }

    // ------------------------------------------------------------------ helpers

    /** @return the access key that signed the request */
    private String authenticate(
            String method,
            String path,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            String expectedRegion)
            throws ServiceError {
        SigV4Verifier.Signed signed;
        try {
            signed = SigV4Verifier.verify(
                    method,
                    path,
                    rawQuery,
                    headers,
                    body,
                    accessKey -> {
                        Credential credential = credentials.get(accessKey);
                        return credential == null ? null : credential.secret;
                    },
                    Instant.now());
        } catch (SigV4Verifier.Rejection e) {
            throw new ServiceError(e.errorType, e.status, e.getMessage());
        }
        if (!"imagebuilder".equals(signed.service)) {
            throw new ServiceError(
                    "InvalidSignatureException",
                    403,
                    "Credential should be scoped to correct service: 'imagebuilder'.");
        }
        if (expectedRegion != null && !expectedRegion.equals(signed.region)) {
            throw new ServiceError(
                    "InvalidSignatureException",
                    403,
                    "Credential should be scoped to a valid region, not '" + signed.region + "'.");
        }
        Credential credential = credentials.get(signed.accessKey);
        if (credential.sessionToken != null) {
            String token = SigV4Verifier.header(headers, "x-amz-security-token");
            if (!credential.sessionToken.equals(token)) {
                throw new ServiceError(
                        "UnrecognizedClientException", 403, "The security token included in the request is invalid.");
            }
            if (!clock.instant().isBefore(credential.expiresAt)) {
                throw new ServiceError(
                        "ExpiredTokenException", 403, "The security token included in the request is expired");
            }
        }
        return signed.accessKey;
    }

    private static String regionOfRequest(
            ImageBuilderOperation operation, Map<String, String> query, Map<String, Object> input) {
        Object arn;
        switch (operation) {
            case START_IMAGE_PIPELINE_EXECUTION:
                arn = input.get("imagePipelineArn");
                break;
            case CANCEL_IMAGE_CREATION:
                arn = input.get("imageBuildVersionArn");
                break;
            case GET_IMAGE:
                arn = query.get("imageBuildVersionArn");
                break;
            default:
                arn = query.get("imagePipelineArn");
        }
        if (!(arn instanceof String)) {
            return null;
        }
        String[] fields = ((String) arn).split(":");
        return fields.length > 3 ? fields[3] : null;
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
            default:
                return null;
        }
    }

    private Fault nextFault(ImageBuilderOperation operation) {
        if (operation == null) {
            return null;
        }
        synchronized (faults) {
            Deque<Fault> queue = faults.get(operation);
            return queue == null ? null : queue.poll();
        }
    }

    private static String requiredString(Map<String, Object> input, String member, Pattern pattern)
            throws ServiceError {
        Object value = input.get(member);
        if (!(value instanceof String) || !pattern.matcher((String) value).matches()) {
            throw new ServiceError("InvalidRequestException", 400, member + " is missing or malformed");
        }
        return (String) value;
    }

    private static String requiredToken(Map<String, Object> input) throws ServiceError {
        Object token = input.get("clientToken");
        if (!(token instanceof String) || ((String) token).isEmpty() || ((String) token).length() > TOKEN_MAX) {
            throw new ServiceError(
                    "InvalidRequestException", 400, "clientToken must have 1 to " + TOKEN_MAX + " characters");
        }
        return (String) token;
    }

    private static Map<String, String> tags(Object value) throws ServiceError {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map) || ((Map<?, ?>) value).isEmpty() || ((Map<?, ?>) value).size() > 50) {
            throw new ServiceError("InvalidRequestException", 400, "tags must have 1 to 50 entries");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<?, ?> tag : ((Map<?, ?>) value).entrySet()) {
            String key = String.valueOf(tag.getKey());
            if (key.isEmpty() || key.length() > 128 || !TAG_KEY.matcher(key).matches()) {
                throw new ServiceError("InvalidRequestException", 400, "invalid tag key " + key);
            }
            if (!(tag.getValue() instanceof String) || ((String) tag.getValue()).length() > 256) {
                throw new ServiceError("InvalidRequestException", 400, "invalid value for tag " + key);
            }
            tags.put(key, (String) tag.getValue());
        }
        return tags;
    }

    private static String accessKeyOf(Map<String, List<String>> headers) {
        String authorization = SigV4Verifier.header(headers, "authorization");
        if (authorization == null || !authorization.contains("Credential=")) {
            return null;
        }
        String credential = authorization.substring(authorization.indexOf("Credential=") + "Credential=".length());
        int slash = credential.indexOf('/');
        return slash < 0 ? null : credential.substring(0, slash);
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

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
