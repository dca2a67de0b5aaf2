package io.jenkins.plugins.imagebuilder.aws;

import java.io.Serializable;
import java.util.Objects;

/** An AMI that an image build distributed: its id, region and owning account. */
public final class AmiOutput implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String region;
    private final String accountId;
    private final String imageId;
    private final String name;

    public AmiOutput(String region, String accountId, String imageId, String name) {
        this.region = region;
        this.accountId = accountId;
        this.imageId = imageId;
        this.name = name;
    }

    public String region() {
        return region;
    }

    /** The account the AMI was distributed to; may be {@code null} when the service omits it. */
    public String accountId() {
        return accountId;
    }

    /** The AMI id, {@code ami-...}. */
    public String imageId() {
        return imageId;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof AmiOutput)) {
            return false;
        }
        AmiOutput that = (AmiOutput) other;
        return Objects.equals(region, that.region)
                && Objects.equals(accountId, that.accountId)
                && Objects.equals(imageId, that.imageId)
                && Objects.equals(name, that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, accountId, imageId, name);
    }

    @Override
    public String toString() {
        return imageId + " in " + region + (accountId == null ? "" : " (account " + accountId + ")");
    }
}
