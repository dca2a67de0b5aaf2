package io.jenkins.plugins.imagebuilder.aws;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/** Container images that an image build pushed to one region. */
public final class ContainerOutput implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String region;
    private final List<String> imageUris;

    public ContainerOutput(String region, List<String> imageUris) {
        this.region = region;
        this.imageUris = List.copyOf(imageUris);
    }

    public String region() {
        return region;
    }

    public List<String> imageUris() {
        return imageUris;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContainerOutput
                && Objects.equals(region, ((ContainerOutput) other).region)
                && imageUris.equals(((ContainerOutput) other).imageUris);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, imageUris);
    }

    @Override
    public String toString() {
        return region + " " + imageUris;
    }
}
