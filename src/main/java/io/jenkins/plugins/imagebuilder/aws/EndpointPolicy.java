package io.jenkins.plugins.imagebuilder.aws;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which endpoints steps may send their calls to. By default only Image Builder's own names, over
 * https: {@code imagebuilder[-fips].REGION.amazonaws.com} (and {@code .amazonaws.com.cn}), the
 * dual-stack {@code imagebuilder[-fips].REGION.api.aws}, and interface VPC endpoints
 * {@code vpce-….imagebuilder.REGION.vpce.amazonaws.com}; not any other {@code *.amazonaws.com} name,
 * since EC2, S3 and API Gateway names there can belong to anyone. An administrator may allow other
 * endpoints, each as {@code scheme://host[:port]} ({@code :*} for any port). Link-local and instance metadata addresses are
 * never allowed, neither by name nor once resolved: otherwise a job author could make the
 * controller call its own metadata service.
 */
public final class EndpointPolicy {

    /** Image Builder's own endpoints only. */
    public static final EndpointPolicy AWS_ONLY = new EndpointPolicy("", List.of(), List.of());

    private static final String REGION = "([a-z]{2,}(?:-[a-z]+)+-[0-9]{1,2})";
    private static final List<Pattern> AWS_NAMES = List.of(
            Pattern.compile("imagebuilder(?:-fips)?\\." + REGION + "\\.amazonaws\\.com(?:\\.cn)?"),
            Pattern.compile("imagebuilder(?:-fips)?\\." + REGION + "\\.api\\.aws"),
            Pattern.compile("vpce-[a-z0-9-]+\\.imagebuilder\\." + REGION + "\\.vpce\\.amazonaws\\.com(?:\\.cn)?"));

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");

    // The administrator's list is read on every call; it changes rarely, so the last one parsed is kept.
    private static volatile EndpointPolicy lastParsed;

    private final String source;
    private final List<URI> allowed;
    private final List<URI> anyPort;

    private EndpointPolicy(String source, List<URI> allowed, List<URI> anyPort) {
        this.source = source;
        this.allowed = List.copyOf(allowed);
        this.anyPort = List.copyOf(anyPort);
    }

    /**
     * Image Builder's own endpoints and those an administrator allowed.
     *
     * @param entries one {@code scheme://host[:port]} per line, {@code :*} for any port; blank lines and
     *     lines starting with # are skipped
     * @throws InvalidInputException listing the entries that are not such URLs
     */
    public static EndpointPolicy allowing(String entries) {
        String text = entries == null ? "" : entries;
        EndpointPolicy last = lastParsed;
        if (last != null && last.source.equals(text)) {
            return last;
        }
        List<URI> allowed = new ArrayList<>();
        List<URI> anyPort = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            boolean everyPort = entry.endsWith(":*");
            try {
                URI uri = parse(everyPort ? entry.substring(0, entry.length() - 2) : entry);
                if (uri.getRawPath() != null
                        && !uri.getRawPath().isEmpty()
                        && !uri.getRawPath().equals("/")) {
                    throw new InvalidInputException(EngineMessage.ENDPOINT_NOT_A_URL.format(UserText.escape(entry)));
                }
                refuseLinkLocalName(uri);
                (everyPort ? anyPort : allowed).add(uri);
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        EndpointPolicy parsed = new EndpointPolicy(text, allowed, anyPort);
        lastParsed = parsed;
        return parsed;
    }

    /**
     * Checks an endpoint URL that a step or a form names.
     *
     * @param endpointUrl the URL, or {@code null}/blank for the region's public endpoint
     * @param region the region called, which an AWS endpoint name must be in, or {@code null} if not known yet
     * @return the URL without surrounding white space, or {@code null} for none
     * @throws InvalidInputException saying what is wrong and who may allow it
     */
    public String check(String endpointUrl, AwsRegion region) {
        if (endpointUrl == null || endpointUrl.isBlank()) {
            return null;
        }
        String text = endpointUrl.strip();
        URI uri = parse(text);
        refuseLinkLocalName(uri);
        String host = hostOf(uri);
        for (Pattern name : AWS_NAMES) {
            java.util.regex.Matcher match = name.matcher(host);
            if (match.matches()) {
                if (!"https".equalsIgnoreCase(uri.getScheme())) {
                    throw refused(EngineMessage.ENDPOINT_AWS_NOT_HTTPS, text);
                }
                if (region != null && !match.group(1).equals(region.name())) {
                    throw new InvalidInputException(
                            EngineMessage.ENDPOINT_OTHER_REGION.format(UserText.escape(text), match.group(1), region));
                }
                return text;
            }
        }
        if (allowed.stream().anyMatch(entry -> sameOrigin(entry, uri) && port(entry) == port(uri))
                || anyPort.stream().anyMatch(entry -> sameOrigin(entry, uri))) {
            return text;
        }
        throw refused(EngineMessage.ENDPOINT_NOT_ALLOWED, text);
    }

    /** Whether calls to this endpoint reach AWS itself: the public one, or one of its own names. */
    public static boolean isAws(URI endpoint) {
        return endpoint == null
                || AWS_NAMES.stream()
                        .anyMatch(name -> name.matcher(hostOf(endpoint)).matches());
    }

    /**
     * The addresses a host name resolves to, refusing it when any is link-local or a metadata address:
     * what the client connects to, whatever the name looked like.
     */
    public static InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            if (isLinkLocalOrMetadata(address)) {
                throw new UnknownHostException(EngineMessage.ENDPOINT_LINK_LOCAL.format(UserText.escape(host)));
            }
        }
        return addresses;
    }

    static boolean isLinkLocalOrMetadata(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean awsIpv6Metadata = address instanceof Inet6Address
                && (bytes[0] & 0xff) == 0xfd
                && (bytes[1] & 0xff) == 0x00
                && (bytes[2] & 0xff) == 0x0e
                && (bytes[3] & 0xff) == 0xc2; // fd00:ec2::/32, the instance metadata service over IPv6
        boolean alibabaMetadata = bytes.length == 4
                && (bytes[0] & 0xff) == 100
                && (bytes[1] & 0xff) == 100
                && (bytes[2] & 0xff) == 100
                && (bytes[3] & 0xff) == 200;
        return address.isLinkLocalAddress() || awsIpv6Metadata || alibabaMetadata;
    }

    private static void refuseLinkLocalName(URI uri) {
        String host = hostOf(uri);
        if (host.startsWith("[") || IPV4_LITERAL.matcher(host).matches()) {
            try {
                // An address literal: look at it without any lookup.
                if (isLinkLocalOrMetadata(InetAddress.getByName(host))) {
                    throw new InvalidInputException(EngineMessage.ENDPOINT_LINK_LOCAL.format(UserText.escape(host)));
                }
            } catch (UnknownHostException e) {
                throw new InvalidInputException(
                        EngineMessage.ENDPOINT_NOT_A_URL.format(UserText.escape(uri.toString())));
            }
        }
        if (host.equals("metadata.google.internal") || host.equals("instance-data")) {
            throw new InvalidInputException(EngineMessage.ENDPOINT_LINK_LOCAL.format(UserText.escape(host)));
        }
    }

    /** An absolute http(s) URL with a host, a port from 1 to 65535 if any, and no user, query or fragment. */
    private static URI parse(String text) {
        try {
            URI uri = new URI(text);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (web
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && (uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= 65535)
                    && (uri.getRawAuthority() == null || !uri.getRawAuthority().endsWith(":"))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidInputException(EngineMessage.ENDPOINT_NOT_A_URL.format(UserText.escape(text)));
    }

    private static boolean sameOrigin(URI allowed, URI uri) {
        return allowed.getScheme().equalsIgnoreCase(uri.getScheme())
                && hostOf(allowed).equals(hostOf(uri));
    }

    /**
     * The host as DNS compares names: in any case, and with or without the trailing dot of the absolute form
     * ({@code imagebuilder.us-east-1.amazonaws.com.} is the same name as without it).
     */
    static String hostOf(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static InvalidInputException refused(EngineMessage message, String text) {
        return new InvalidInputException(message.format(UserText.escape(text)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EndpointPolicy
                && ((EndpointPolicy) other).allowed.equals(allowed)
                && ((EndpointPolicy) other).anyPort.equals(anyPort);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowed, anyPort);
    }
}
