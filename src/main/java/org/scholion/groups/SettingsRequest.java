package org.scholion.groups;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.scholion.domain.DomainError;
import org.scholion.security.Target;

/** A partial change of a group's moderation settings: a setting left out (or null) stays as it is. */
@Schema(name = "GroupSettingsChange", description = "Moderators only; each setting left out stays as it is")
public class SettingsRequest {
    @Schema(description = "Top-level comments of members need at least one source")
    public Boolean requireSources;
    @Schema(description = "Members' new annotations, and their edits of approved ones, wait (pending) for a moderator's approval")
    public Boolean preModeration;
    @Schema(description = "On a document, members see classmates' annotations only after posting one of their own;"
            + " moderators' annotations stay visible")
    public Boolean hidePeersUntilPost;

    private final List<String> unknown = new ArrayList<>();

    @JsonAnySetter
    void unknown(String name, Object value) {
        unknown.add(name);
    }

    /** The settings after this change; an unknown setting is a bad field rather than silently ignored. */
    Target.Settings applyTo(Target.Settings current) {
        if (!unknown.isEmpty()) {
            throw DomainError.invalid("settings." + unknown.get(0),
                    "unknown setting; the settings are requireSources, preModeration and hidePeersUntilPost");
        }
        return new Target.Settings(requireSources != null ? requireSources : current.requireSources(),
                preModeration != null ? preModeration : current.preModeration(),
                hidePeersUntilPost != null ? hidePeersUntilPost : current.hidePeersUntilPost());
    }
}
