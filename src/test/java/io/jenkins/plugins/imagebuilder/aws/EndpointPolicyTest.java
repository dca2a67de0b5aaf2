package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where steps may send their calls: Image Builder's own endpoints, and only what an administrator adds. */
class EndpointPolicyTest {

    private static final AwsRegion EAST = AwsRegion.of("us-east-1");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://imagebuilder.us-east-1.amazonaws.com",
                "https://imagebuilder-fips.us-east-1.amazonaws.com",
                "https://imagebuilder.us-east-1.api.aws",
                "https://imagebuilder-fips.us-east-1.api.aws",
                "https://vpce-0a1b2c3d4e5f-abcdefgh.imagebuilder.us-east-1.vpce.amazonaws.com",
                "https://IMAGEBUILDER.us-east-1.amazonaws.com:443",
                // The absolute form of each name, with its trailing dot, is the same name.
                "https://imagebuilder.us-east-1.amazonaws.com.",
                "https://imagebuilder-fips.us-east-1.amazonaws.com.",
                "https://imagebuilder.us-east-1.api.aws.",
                "https://imagebuilder-fips.us-east-1.api.aws.",
                "https://vpce-0a1b2c3d4e5f-abcdefgh.imagebuilder.us-east-1.vpce.amazonaws.com.",
                "https://IMAGEBUILDER.us-east-1.amazonaws.com.:443"
            })
    void imageBuildersOwnEndpointsAreAllowedByDefault(String url) {
        assertEquals(url, EndpointPolicy.AWS_ONLY.check(url, EAST));
        assertTrue(EndpointPolicy.isAws(URI.create(url)));
    }

    @Test
    void chinaEndpointsToo() {
        AwsRegion beijing = AwsRegion.of("cn-north-1");
        assertEquals(
                "https://imagebuilder.cn-north-1.amazonaws.com.cn",
                EndpointPolicy.AWS_ONLY.check("https://imagebuilder.cn-north-1.amazonaws.com.cn", beijing));
        assertEquals(
                "https://imagebuilder.cn-north-1.amazonaws.com.cn.",
                EndpointPolicy.AWS_ONLY.check("https://imagebuilder.cn-north-1.amazonaws.com.cn.", beijing));
    }

    @Test
    void theTrailingDotNeitherOpensNorClosesAnAdministratorsEntry() {
        EndpointPolicy policy = EndpointPolicy.allowing("https://imagebuilder.corp.example\nhttp://localhost.:*");

        assertEquals("https://imagebuilder.corp.example.", policy.check("https://imagebuilder.corp.example.", EAST));
        assertEquals("https://IMAGEBUILDER.corp.example", policy.check("https://IMAGEBUILDER.corp.example", EAST));
        assertEquals("http://localhost:9999", policy.check("http://localhost:9999", EAST));
        assertEquals("http://localhost.:9999", policy.check("http://localhost.:9999", EAST));
        assertThrows(InvalidInputException.class, () -> policy.check("https://imagebuilder.corp.example.evil.", EAST));
        assertThrows(InvalidInputException.class, () -> policy.check("https://corp.example.", EAST));
        assertThrows(InvalidInputException.class, () -> policy.check("http://imagebuilder.corp.example.", EAST));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://ec2-3-80-1-1.compute-1.amazonaws.com",
                "https://my-bucket.s3.amazonaws.com",
                "https://abc123.execute-api.us-east-1.amazonaws.com",
                "https://imagebuilder.us-east-1.amazonaws.com.evil.example",
                "https://imagebuilder.us-east-1.amazonaws.com.evil.example.",
                "https://imagebuilder.us-east-1.amazonaws.co.",
                "https://jenkins.internal.example",
                "https://jenkins.internal.example.",
                "http://127.0.0.1:8080"
            })
    void anythingElseNeedsAnAdministrator(String url) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> EndpointPolicy.AWS_ONLY.check(url, EAST));

        assertTrue(e.getMessage().contains("an administrator has not allowed it"), e.getMessage());
        assertFalse(EndpointPolicy.isAws(URI.create(url)));
    }

    @Test
    void awsNamesOnlyOverHttpsAndInTheArnsRegion() {
        assertTrue(assertThrows(
                        InvalidInputException.class,
                        () -> EndpointPolicy.AWS_ONLY.check("http://imagebuilder.us-east-1.amazonaws.com", EAST))
                .getMessage()
                .contains("not over https"));
        assertTrue(assertThrows(
                        InvalidInputException.class,
                        () -> EndpointPolicy.AWS_ONLY.check("https://imagebuilder.eu-west-1.amazonaws.com", EAST))
                .getMessage()
                .contains("is Image Builder's endpoint in eu-west-1, but the ARN is in us-east-1"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]",
                "http://[fe80::1]:8080",
                "http://100.100.100.200",
                "http://2852039166",
                "http://metadata.google.internal",
                "http://metadata.google.internal.",
                "http://METADATA.google.internal."
            })
    void metadataAndLinkLocalAddressesAreNeverAllowedNotEvenByAnAdministrator(String url) {
        assertThrows(InvalidInputException.class, () -> EndpointPolicy.allowing(url));
        assertThrows(
                InvalidInputException.class,
                () -> EndpointPolicy.allowing("http://127.0.0.1:*").check(url, EAST));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://imagebuilder.us-east-1.amazonaws.com:99999",
                "https://imagebuilder.us-east-1.amazonaws.com:0",
                "https://user:secret@imagebuilder.us-east-1.amazonaws.com",
                "https://imagebuilder.us-east-1.amazonaws.com?x=1",
                "ftp://imagebuilder.us-east-1.amazonaws.com",
                "imagebuilder.us-east-1.amazonaws.com"
            })
    void malformedUrlsAreRefused(String url) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> EndpointPolicy.AWS_ONLY.check(url, EAST));

        assertTrue(e.getMessage().contains("is not an absolute http(s) URL"), e.getMessage());
    }

    @Test
    void anAdministratorAllowsHostsEachWithItsSchemeAndPort() {
        EndpointPolicy policy = EndpointPolicy.allowing("""
                # a mock for the test instance
                http://127.0.0.1:8088

                https://imagebuilder.corp.example
                http://localhost:*
                """);

        assertEquals("http://127.0.0.1:8088", policy.check("http://127.0.0.1:8088", EAST));
        assertEquals(
                "https://imagebuilder.corp.example:443", policy.check("https://imagebuilder.corp.example:443", EAST));
        assertEquals("http://localhost:9999", policy.check("http://localhost:9999", EAST));
        assertThrows(InvalidInputException.class, () -> policy.check("http://127.0.0.1:8089", EAST));
        assertThrows(InvalidInputException.class, () -> policy.check("https://127.0.0.1:8088", EAST));
        assertThrows(InvalidInputException.class, () -> policy.check("http://imagebuilder.corp.example", EAST));
        assertNull(policy.check("  ", EAST), "blank: the region's public endpoint");
    }

    @Test
    void badEntriesAreAllListed() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> EndpointPolicy.allowing("localhost\nhttp://169.254.169.254\nhttp://ok.example"));

        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void whatANameResolvesToIsCheckedToo() throws Exception {
        assertThrows(UnknownHostException.class, () -> EndpointPolicy.resolve("169.254.169.254"));
        assertTrue(EndpointPolicy.isLinkLocalOrMetadata(InetAddress.getByName("169.254.170.2")));
        assertTrue(EndpointPolicy.isLinkLocalOrMetadata(InetAddress.getByName("fd00:ec2::254")));
        assertFalse(EndpointPolicy.isLinkLocalOrMetadata(InetAddress.getByName("127.0.0.1")));
        assertEquals(InetAddress.getByName("127.0.0.1"), EndpointPolicy.resolve("127.0.0.1")[0]);
    }
}
