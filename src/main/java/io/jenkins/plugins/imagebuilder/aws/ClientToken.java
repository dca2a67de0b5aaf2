package io.jenkins.plugins.imagebuilder.aws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * The idempotency token of a StartImagePipelineExecution call. Image Builder starts one build per
 * token: a retried call with the same token and parameters returns the build already started. So
 * the token must be identical for every attempt of one call (retries, a controller restart) and
 * different for every other call.
 *
 * <p>A derived token is a name-based (version 5, SHA-1) UUID of the build URL and a discriminator
 * that tells the calls of one build apart: 36 characters, the stricter of the limits the service
 * documents (the API reference says 36, the newest model 64).
 */
public final class ClientToken {

    static final int MAX_LENGTH = 36;
    // Fixed namespace of this plugin's tokens, so that they never collide with other name-based UUIDs.
    private static final UUID NAMESPACE = UUID.fromString("6f0d3a52-5a0e-4f5e-9a43-1c6b8f7e2d11");

    private final String value;

    private ClientToken(String value) {
        this.value = value;
    }

    /**
     * Derives the token of one call.
     *
     * @param buildUrl what identifies the build for good, such as its absolute URL
     * @param discriminator what tells this call from the build's other calls, such as the Pipeline
     *     step's flow node id; the same for every attempt of the call
     */
    public static ClientToken derive(String buildUrl, String discriminator) {
        if (buildUrl == null || buildUrl.isBlank()) {
            throw new IllegalArgumentException(EngineMessage.TOKEN_NO_BUILD_URL.format());
        }
        if (discriminator == null || discriminator.isBlank()) {
            throw new IllegalArgumentException(EngineMessage.TOKEN_NO_DISCRIMINATOR.format());
        }
        // Length-prefixed, so that no two (url, discriminator) pairs give the same name.
        String name = buildUrl.length() + ":" + buildUrl + "#" + discriminator;
        return new ClientToken(nameBasedUuid(name).toString());
    }

    /**
     * A token the user chose, passed to the service exactly as given.
     *
     * @throws InvalidInputException if Image Builder would not accept it
     */
    public static ClientToken of(String token) {
        if (token == null || token.isEmpty()) {
            throw new InvalidInputException(EngineMessage.TOKEN_EMPTY.format());
        }
        int length = token.codePointCount(0, token.length());
        if (length > MAX_LENGTH) {
            throw new InvalidInputException(EngineMessage.TOKEN_TOO_LONG.format(length, MAX_LENGTH));
        }
        if (!token.equals(token.strip()) || token.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(EngineMessage.TOKEN_BAD_CHARACTERS.format());
        }
        return new ClientToken(token);
    }

    /**
     * The token of a follow-up call about the same build, such as its cancellation: derived from this
     * one, so that it too is stable across retries and restarts.
     */
    public ClientToken derivedFor(String purpose) {
        return new ClientToken(nameBasedUuid(value + "#" + purpose).toString());
    }

    public String value() {
        return value;
    }

    private static UUID nameBasedUuid(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        ByteBuffer namespace = ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits());
        sha1.update(namespace.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientToken && ((ClientToken) other).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
