package io.jenkins.plugins.imagebuilder.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What the calling build contributes to a request: what its client tokens are derived from, its
 * traceability tags, the image builds it started itself, and how build variables are expanded.
 */
public final class BuildFacts {

    private final String tokenSeed;
    private final String discriminator;
    private final Map<String, String> traceabilityTags;
    private final Set<String> imagesStartedHere;
    private final UnaryOperator<String> variables;
    private final EndpointPolicy endpoints;
    private final String name;

    private BuildFacts(
            String tokenSeed,
            String discriminator,
            Map<String, String> traceabilityTags,
            Set<String> imagesStartedHere,
            UnaryOperator<String> variables,
            EndpointPolicy endpoints,
            String name) {
        this.tokenSeed = tokenSeed;
        this.discriminator = discriminator;
        this.traceabilityTags = traceabilityTags;
        this.imagesStartedHere = imagesStartedHere;
        this.variables = variables;
        this.endpoints = endpoints;
        this.name = name;
    }

    /**
     * @param tokenSeed what identifies the build for good, see {@link ClientToken#derive}
     * @param discriminator what tells this call from the build's other calls, the same on every attempt
     */
    public static BuildFacts of(String tokenSeed, String discriminator) {
        return new BuildFacts(
                tokenSeed,
                discriminator,
                Map.of(),
                Set.of(),
                UnaryOperator.identity(),
                EndpointPolicy.AWS_ONLY,
                tokenSeed);
    }

    /** The tags that lead from the image back to the build; empty when they are turned off. */
    public BuildFacts withTraceabilityTags(Map<String, String> tags) {
        return new BuildFacts(
                tokenSeed, discriminator, new LinkedHashMap<>(tags), imagesStartedHere, variables, endpoints, name);
    }

    /** The image build version ARNs this build started, for the default of {@code cancelOnAbort} when waiting. */
    public BuildFacts withImagesStartedHere(Set<String> images) {
        return new BuildFacts(
                tokenSeed, discriminator, traceabilityTags, Set.copyOf(images), variables, endpoints, name);
    }

    /** Expands {@code ${VARIABLE}} in what the user wrote (freestyle); never in the credentials id. */
    public BuildFacts expanding(UnaryOperator<String> variables) {
        return new BuildFacts(
                tokenSeed,
                discriminator,
                traceabilityTags,
                imagesStartedHere,
                Objects.requireNonNull(variables),
                endpoints,
                name);
    }

    /** Which endpoints the step may name: Image Builder's own, and those an administrator allowed. */
    public BuildFacts allowingEndpoints(EndpointPolicy policy) {
        return new BuildFacts(
                tokenSeed,
                discriminator,
                traceabilityTags,
                imagesStartedHere,
                variables,
                Objects.requireNonNull(policy),
                name);
    }

    /** How the build is named to the service, in the reason of a step action: its URL or job and number. */
    public BuildFacts named(String name) {
        return new BuildFacts(
                tokenSeed,
                discriminator,
                traceabilityTags,
                imagesStartedHere,
                variables,
                endpoints,
                Objects.requireNonNull(name));
    }

    String name() {
        return name;
    }

    String tokenSeed() {
        return tokenSeed;
    }

    String discriminator() {
        return discriminator;
    }

    Map<String, String> traceabilityTags() {
        return traceabilityTags;
    }

    boolean startedHere(ImageBuildVersionArn image) {
        return imagesStartedHere.contains(image.toString());
    }

    EndpointPolicy endpoints() {
        return endpoints;
    }

    String expand(String text) {
        return text == null ? null : variables.apply(text);
    }
}
