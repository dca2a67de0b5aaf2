package io.jenkins.plugins.imagebuilder;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.imagebuilder.aws.AwsRegion;
import io.jenkins.plugins.imagebuilder.aws.ClientSettings;
import io.jenkins.plugins.imagebuilder.aws.ClientToken;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderException;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderGateway;
import io.jenkins.plugins.imagebuilder.aws.ImagePipelineArn;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import io.jenkins.plugins.imagebuilder.aws.PipelineDetails;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import jenkins.model.Jenkins;

/**
 * The form methods the Pipeline steps and the freestyle step share. Whatever lists credentials or
 * calls AWS checks the user's permission on the item first; the descriptors expose these as
 * {@code @POST} methods.
 */
final class ImageBuilderForms {

    private static final ClientSettings.Retries CHECK_RETRIES =
            new ClientSettings.Retries(2, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2));

    private ImageBuilderForms() {}

    /** AWS credentials this item's builds could use; nothing but the current value for users who may not see them. */
    static ListBoxModel credentialsItems(Item item, String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        String current = Util.fixNull(credentialsId);
        if (!mayListCredentials(item)) {
            return result.includeCurrentValue(current);
        }
        result.includeEmptyValue()
                .includeMatchingAs(
                        item instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) item) : ACL.SYSTEM2,
                        item,
                        AmazonWebServicesCredentials.class,
                        List.of(),
                        CredentialsMatchers.always())
                .includeCurrentValue(current);
        return result;
    }

    static FormValidation checkCredentialsId(Item item, String value) {
        if (!mayListCredentials(item)) {
            return FormValidation.ok();
        }
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.ok(Messages.Check_NoCredentialsChosen());
        }
        if (id.contains("${")) {
            return FormValidation.ok();
        }
        boolean visible = !CredentialsProvider.listCredentialsInItem(
                        AmazonWebServicesCredentials.class,
                        item,
                        item instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) item) : ACL.SYSTEM2,
                        List.of(),
                        CredentialsMatchers.withId(id))
                .isEmpty();
        return visible ? FormValidation.ok() : FormValidation.error(Messages.Credentials_NotFound(id));
    }

    static FormValidation checkPipelineArn(String value) {
        return checkSyntax(value, ImagePipelineArn::parse);
    }

    static FormValidation checkImageArn(String value) {
        return checkSyntax(value, ImageBuildVersionArn::parse);
    }

    static FormValidation checkRegion(String value) {
        return Util.fixEmptyAndTrim(value) == null ? FormValidation.ok() : checkSyntax(value, AwsRegion::of);
    }

    static FormValidation checkEndpointUrl(String value) {
        return checkSyntax(value, ClientSettings::checkEndpoint);
    }

    static FormValidation checkClientToken(String value) {
        return Util.fixEmpty(value) == null
                ? FormValidation.ok(Messages.Check_DerivedToken())
                : checkSyntax(value, ClientToken::of);
    }

    /**
     * The "Check pipeline" button: GetImagePipeline with the chosen credentials, as the item's builds
     * would call it. Needs the permission to configure the item.
     */
    static FormValidation checkPipeline(
            Item item, String arn, String credentialsId, String region, String endpointUrl) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
        if (Util.fixNull(arn).contains("$")
                || Util.fixNull(credentialsId).contains("$")
                || Util.fixNull(region).contains("$")) {
            return FormValidation.warning(Messages.Check_VariablesNotExpanded());
        }
        try {
            ImagePipelineArn pipeline = ImagePipelineArn.parse(arn);
            ClientSettings settings = ClientSettings.forRegion(pipeline.regionAgreeingWith(region))
                    .withEndpoint(endpointUrl)
                    .withProxy(JenkinsProxy.settings())
                    .withRetries(CHECK_RETRIES)
                    .withTimeouts(
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(20));
            try (ImageBuilderGateway gateway =
                    ImageBuilderGateway.open(settings, AwsCredentialsResolver.forItem(item, credentialsId))) {
                PipelineDetails details = gateway.describePipeline(pipeline);
                return FormValidation.ok(
                        details.lastRunStatus() == null
                                ? Messages.Check_PipelineFound(details.name(), details.status())
                                : Messages.Check_PipelineFoundWithLastRun(
                                        details.name(), details.status(), details.lastRunStatus()));
            }
        } catch (InvalidInputException | ImageBuilderException | AbortException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    private static boolean mayListCredentials(Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** Checks text that may still hold build variables: those are checked once expanded, at run time. */
    private static FormValidation checkSyntax(String value, Consumer<String> parse) {
        String text = Util.fixEmptyAndTrim(value);
        if (text != null && text.contains("$")) {
            return FormValidation.ok(Messages.Check_VariablesExpandedAtRunTime());
        }
        try {
            parse.accept(text);
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
