package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK client goes through the configured proxy, authenticates to it, and skips it where told. */
class ProxyTest {

    private static final String PROXY_PASSWORD = "pr0xy-Pa$$word";

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final TestRuntime runtime = new TestRuntime();

    private RecordingProxy proxy;
    private String pipeline;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new RecordingProxy("jenkins", PROXY_PASSWORD);
        pipeline = endpoint.service().addPipeline("us-east-2", "web");
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void callsGoThroughTheProxyWithItsCredentials() {
        runtime.proxy(new ProxySettings("127.0.0.1", proxy.port(), "jenkins", PROXY_PASSWORD, List.of()));

        StartedImageBuild started = runtime.start(EngineFixtures.launch(endpoint, pipeline));

        assertEquals(List.of("PUT " + endpoint.url() + "/StartImagePipelineExecution"), proxy.forwarded);
        assertEquals(1, endpoint.requests().size(), "the signature survived the proxy");
        assertEquals(1, endpoint.service().imageArns().size());
        assertTrue(endpoint.service().imageArns().contains(started.toString()));
    }

    @Test
    void nonProxyHostsAreReachedDirectly() {
        runtime.proxy(
                new ProxySettings("127.0.0.1", proxy.port(), "jenkins", PROXY_PASSWORD, List.of("127\\.0\\.0\\.1")));

        runtime.start(EngineFixtures.launch(endpoint, pipeline));

        assertTrue(proxy.forwarded.isEmpty());
        assertTrue(proxy.refused.isEmpty());
        assertEquals(1, endpoint.service().imageArns().size());
    }

    @Test
    void aRefusedProxyPasswordIsReportedWithoutTheSecret() {
        runtime.proxy(new ProxySettings("127.0.0.1", proxy.port(), "jenkins", "wrong-password", List.of()));

        ImageBuilderException e = assertThrows(
                ImageBuilderException.class, () -> runtime.start(EngineFixtures.launch(endpoint, pipeline)));

        assertTrue(
                e.getMessage().contains("the HTTP proxy refused the request (HTTP 407 Proxy Authentication Required)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("wrong-password"));
        assertFalse(proxy.refused.isEmpty());
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void aChangeOfTheProxySettingsReachesCallsAlreadyUnderWay() {
        ImageBuilderGateway poller = runtime.gateway(ImageBuilderAccess.Purpose.POLL, endpoint, "us-east-2");
        ImageBuildVersionArn image =
                runtime.start(EngineFixtures.launch(endpoint, pipeline)).imageBuildVersionArn();
        poller.getImage(image);
        assertTrue(proxy.forwarded.isEmpty());

        runtime.proxy(new ProxySettings("127.0.0.1", proxy.port(), "jenkins", PROXY_PASSWORD, List.of()));
        poller.getImage(image);

        assertTrue(
                proxy.forwarded.stream().anyMatch(r -> r.startsWith("GET " + endpoint.url() + "/GetImage?")),
                "forwarded: " + proxy.forwarded);
        assertEquals(
                3, runtime.access().clientsCreated(), "a start and a poll client, then a poll client for the proxy");
        assertEquals(3, runtime.access().openClients(), "the old ones are kept until their calls can have ended");
    }

    @Test
    void proxySettingsKeepThePasswordOutOfTheirText() {
        ProxySettings settings = new ProxySettings("proxy.example.com", 3128, "jenkins", PROXY_PASSWORD, List.of());

        assertEquals("proxy proxy.example.com:3128 as jenkins", settings.toString());
    }

    @Test
    void badProxySettingsAreRefused() {
        assertThrows(
                InvalidInputException.class, () -> new ProxySettings("http://proxy:3128", 3128, null, null, List.of()));
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> new ProxySettings("proxy.example.com", 0, null, null, List.of()));
        assertTrue(e.getMessage().contains("The proxy port 0 is not between 1 and 65535"), e.getMessage());
    }
}
