package org.scholion.devstack.lti;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The members of one context as the Names and Role Provisioning Service shows them, and the context's title and
 * label (which launches from the context use too). Thread-safe: tests change it while the service reads it.
 */
public final class FakeRoster {
    private final String contextId;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private String title;
    private String label;

    FakeRoster(String contextId) {
        this.contextId = contextId;
        this.title = contextId;
        this.label = contextId;
    }

    /**
     * One membership (NRPS 2.0 member). Status is Active, Inactive or Deleted; a Deleted member is left out of the
     * roster the service answers, as a platform without the differences service does.
     */
    public record Member(String userId, List<String> roles, String name, String givenName, String familyName,
            String email, String status) {
        public Member {
            roles = List.copyOf(roles);
        }

        /** An active learner named "{given} {family}" with the email {userId}@example.edu. */
        public static Member learner(String userId, String givenName, String familyName) {
            return of(userId, Lti.LEARNER, givenName, familyName);
        }

        /** An active instructor named "{given} {family}" with the email {userId}@example.edu. */
        public static Member instructor(String userId, String givenName, String familyName) {
            return of(userId, Lti.INSTRUCTOR, givenName, familyName);
        }

        private static Member of(String userId, String role, String givenName, String familyName) {
            return new Member(userId, List.of(role), givenName + " " + familyName, givenName, familyName,
                    userId.toLowerCase(Locale.ROOT) + "@example.edu", "Active");
        }

        /** The same member with another status: Active, Inactive or Deleted. */
        public Member withStatus(String status) {
            return new Member(userId, roles, name, givenName, familyName, email, status);
        }
    }

    /** The context id. */
    public String contextId() {
        return contextId;
    }

    /** Adds the member, or replaces the one with the same user id (keeping its place). */
    public synchronized FakeRoster put(Member member) {
        members.put(member.userId(), member);
        return this;
    }

    /** Removes a member altogether. */
    public synchronized FakeRoster remove(String userId) {
        members.remove(userId);
        return this;
    }

    /** Changes a member's status: Active, Inactive or Deleted. */
    public synchronized FakeRoster status(String userId, String status) {
        Member member = members.get(userId);
        if (member == null) {
            throw new IllegalArgumentException("No member " + userId + " in " + contextId);
        }
        members.put(userId, member.withStatus(status));
        return this;
    }

    /** Every member, Deleted ones too, in the order they were added. */
    public synchronized List<Member> members() {
        return new ArrayList<>(members.values());
    }

    /** The member with this user id, or null. */
    public synchronized Member member(String userId) {
        return members.get(userId);
    }

    /** Sets the context title (the context id until set). */
    public synchronized FakeRoster title(String title) {
        this.title = title;
        return this;
    }

    /** Sets the context label (the context id until set). */
    public synchronized FakeRoster label(String label) {
        this.label = label;
        return this;
    }

    /** The context title. */
    public synchronized String title() {
        return title;
    }

    /** The context label. */
    public synchronized String label() {
        return label;
    }
}
