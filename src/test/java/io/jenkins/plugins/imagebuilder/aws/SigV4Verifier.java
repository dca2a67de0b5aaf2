package io.jenkins.plugins.imagebuilder.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 the way AWS does, so that the local endpoint accepts exactly the
 * requests the real service would: signed with a known key, for the expected service and region,
 * recently, and over the request as it arrived.
 */
final class SigV4Verifier {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /** Why a request was refused, as AWS words it. */
    static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        final String errorType;
        final int status;

        Rejection(String errorType, int status, String message) {
            super(message, null, false, false);
            this.errorType = errorType;
            this.status = status;
        }
    }

    /** The parts of a valid signature that the endpoint still checks against its own rules. */
    static final class Signed {
        final String accessKey;
        final String region;
        final String service;

        Signed(String accessKey, String region, String service) {
            this.accessKey = accessKey;
            this.region = region;
            this.service = service;
        }
    }

    /** Looks up the secret of an access key; {@code null} for an unknown key. */
    interface SecretLookup {
        String secretOf(String accessKey);
    }

    static Signed verify(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            SecretLookup secrets,
            Instant now)
            throws Rejection {
        String authorization = header(headers, "authorization");
        if (authorization == null) {
            throw new Rejection("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        Matcher auth = AUTHORIZATION.matcher(authorization);
        if (!auth.matches()) {
            throw new Rejection(
                    "IncompleteSignatureException", 400, "Authorization header is not a valid SigV4 header");
        }
        String accessKey = auth.group(1);
        String date = auth.group(2);
        String region = auth.group(3);
        String service = auth.group(4);
        String secret = secrets.secretOf(accessKey);
        if (secret == null) {
            throw new Rejection(
                    "UnrecognizedClientException", 403, "The security token included in the request is invalid.");
        }
        String amzDate = header(headers, "x-amz-date");
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate == null ? "" : amzDate));
        } catch (DateTimeParseException e) {
            throw new Rejection("IncompleteSignatureException", 400, "X-Amz-Date is missing or malformed");
        }
        if (!amzDate.startsWith(date)) {
            throw new Rejection("InvalidSignatureException", 403, "Date in Credential scope does not match X-Amz-Date");
        }
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new Rejection(
                    "InvalidSignatureException",
                    403,
                    "Signature expired: " + amzDate + " is now earlier than the allowed time window");
        }
        String signedHeaders = auth.group(5);
        List<String> names = List.of(signedHeaders.split(";"));
        if (!names.contains("host") || !names.contains("x-amz-date")) {
            throw new Rejection("InvalidSignatureException", 403, "Host and X-Amz-Date must be signed");
        }
        StringBuilder canonical = new StringBuilder()
                .append(method)
                .append('\n')
                .append(canonicalPath(rawPath))
                .append('\n')
                .append(canonicalQuery(rawQuery))
                .append('\n');
        for (String name : names) {
            String value = header(headers, name);
            if (value == null) {
                throw new Rejection("InvalidSignatureException", 403, "Signed header " + name + " is missing");
            }
            canonical
                    .append(name)
                    .append(':')
                    .append(value.strip().replaceAll(" +", " "))
                    .append('\n');
        }
        String payloadHash = hex(sha256(body));
        String claimedHash = header(headers, "x-amz-content-sha256");
        if (claimedHash != null && !claimedHash.equals(payloadHash)) {
            throw new Rejection(
                    "InvalidSignatureException", 403, "The provided x-amz-content-sha256 does not match the body");
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), auth.group(6).getBytes(StandardCharsets.US_ASCII))) {
            throw new Rejection(
                    "InvalidSignatureException",
                    403,
                    "The request signature we calculated does not match the signature you provided.");
        }
        return new Signed(accessKey, region, service);
    }

    static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return String.join(",", header.getValue());
            }
        }
        return null;
    }

    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        // Every service but S3 signs the already-encoded path encoded once more.
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(encode(segment));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            sorted.computeIfAbsent(encode(decode(name)), k -> new ArrayList<>()).add(encode(decode(value)));
        }
        List<String> parts = new ArrayList<>();
        sorted.forEach((name, values) -> values.stream().sorted().forEach(value -> parts.add(name + "=" + value)));
        return String.join("&", parts);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 encoding: everything but unreserved characters. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
