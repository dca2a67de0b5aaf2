package io.jenkins.plugins.imagebuilder;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.imagebuilder.aws.AwsRegion;
import io.jenkins.plugins.imagebuilder.aws.ClientToken;
import io.jenkins.plugins.imagebuilder.aws.CredentialsUnavailableException;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderException;
import io.jenkins.plugins.imagebuilder.aws.ImagePipelineArn;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import io.jenkins.plugins.imagebuilder.aws.PipelineCheck;
import io.jenkins.plugins.imagebuilder.aws.UserText;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The form methods of the steps. Whatever lists credentials or calls AWS checks the user's
 * permission on the item first, and every method answers POST only. The descriptors share them
 * through the interfaces here, as the two steps that start a pipeline share their view; public
 * only because Stapler calls them.
 */
@Restricted(NoExternalUse.class)
public final class ImageBuilderForms {

    private ImageBuilderForms() {}

    /** The fields that say as whom and where Image Builder is called. */
    public interface Calls {
        /** AWS credentials this item's builds could use; only the current value for users who may not see them. */
        @POST
        default ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (mayListCredentials(item)) {
                result.includeEmptyValue()
                        .includeMatchingAs(
                                AwsCredentialsResolver.authenticationOf(item),
                                item,
                                AmazonWebServicesCredentials.class,
                                List.of(),
                                CredentialsMatchers.always());
            }
            return result.includeCurrentValue(Util.fixNull(credentialsId));
        }

        @POST
        default FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            String id = Util.fixEmptyAndTrim(value);
            if (!mayListCredentials(item)) {
                return FormValidation.ok();
            } else if (id == null) {
                return FormValidation.ok(Messages.Check_NoCredentialsChosen());
            } else if (id.contains("${")) {
                return FormValidation.warning(Messages.Check_CredentialsParameter());
            }
            boolean visible = CredentialsProvider.findCredentialByIdInItem(
                            id,
                            AmazonWebServicesCredentials.class,
                            item,
                            AwsCredentialsResolver.authenticationOf(item),
                            List.of())
                    != null;
            return visible
                    ? FormValidation.ok()
                    : FormValidation.error(Messages.Credentials_NotFound(UserText.escape(id)));
        }

        @POST
        default FormValidation doCheckRegion(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.ok() : checkSyntax(value, AwsRegion::of);
        }

        /** Whether a URL is on the administrator's list is for those who may configure the item to know. */
        @POST
        default FormValidation doCheckEndpointUrl(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            return checkSyntax(
                    value,
                    url -> ImageBuilderGlobalConfiguration.get()
                            .endpointPolicy()
                            .check(url, null));
        }
    }

    /** The choices of what a wait decides inside the image build: at a waiting step, and on scan findings. */
    public interface Gates {
        @POST
        default ListBoxModel doFillOnWaitingStepItems() {
            ListBoxModel choices = new ListBoxModel();
            choices.add(Messages.Gates_Pause(), "");
            choices.add(Messages.Gates_Resume(), "resume");
            choices.add(Messages.Gates_Stop(), "stop");
            choices.add(Messages.Gates_Return(), "return");
            return choices;
        }

        @POST
        default ListBoxModel doFillFailOnFindingsItems() {
            ListBoxModel choices = new ListBoxModel();
            choices.add(Messages.Gates_NoFindingsGate(), "");
            for (String severity : List.of("CRITICAL", "HIGH", "MEDIUM")) {
                choices.add(Messages.Gates_FailOn(severity), severity);
            }
            return choices;
        }
    }

    /** The form of {@code startImagePipeline} and of the freestyle step. */
    public interface StartPipeline extends Calls, Gates {
        @POST
        default FormValidation doCheckArn(@QueryParameter String value) {
            return checkSyntax(value, ImagePipelineArn::parse);
        }

        @POST
        default FormValidation doCheckClientToken(@QueryParameter String value) {
            return Util.fixEmpty(value) == null
                    ? FormValidation.ok(Messages.Check_DerivedToken())
                    : checkSyntax(value, ClientToken::of);
        }

        /** The "Check pipeline" button: GetImagePipeline as the item's builds would call it; for its configurers. */
        @POST
        default FormValidation doCheckPipeline(
                @AncestorInPath Item item,
                @QueryParameter String arn,
                @QueryParameter String credentialsId,
                @QueryParameter String region,
                @QueryParameter String endpointUrl) {
            if (item == null) {
                Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            } else {
                item.checkPermission(Item.CONFIGURE);
            }
            if (Stream.of(arn, credentialsId, region, endpointUrl)
                    .anyMatch(v -> Util.fixNull(v).contains("$"))) {
                return FormValidation.warning(Messages.Check_VariablesNotExpanded());
            }
            try {
                return FormValidation.ok(PipelineCheck.run(
                        SharedRuntime.get().access(),
                        arn,
                        region,
                        endpointUrl,
                        AwsCredentialsResolver.forItem(item, credentialsId)));
            } catch (InvalidInputException | ImageBuilderException | CredentialsUnavailableException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }

    private static boolean mayConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    private static boolean mayListCredentials(Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** Checks text that may still hold build variables: those are checked once expanded, at run time. */
    static FormValidation checkSyntax(String value, Consumer<String> parse) {
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
