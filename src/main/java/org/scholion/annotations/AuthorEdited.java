package org.scholion.annotations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Fired inside the transaction of an author's edit, saying what the edit changed of what a
 * moderator may have judged, so that moderation clears the verdicts that no longer apply (an
 * observer in the same transaction: rolled back together). Tags are not part of a claim: an edit
 * of the tags alone changes nothing here.
 *
 * @param claimChanges   what changed of the claim itself (the comment's text, an assessment's
 *                       verdict, the passage), in words; empty if nothing
 * @param sourceChanges  what changed of the sources (one added, one removed, one changed), in
 *                       words; empty if nothing
 * @param changedEvidence the sources (by id, before the edit) whose evidence (work, locator,
 *                       excerpt) changed or that were removed, with what happened to each
 */
public record AuthorEdited(Annotation annotation, UUID editorId, List<String> claimChanges, List<String> sourceChanges,
        Map<UUID, String> changedEvidence) {

    public AuthorEdited {
        claimChanges = List.copyOf(claimChanges);
        sourceChanges = List.copyOf(sourceChanges);
    }

    /** Everything the edit changed of what a verdict judged, in words: the claim's changes, then the sources'. */
    public String changes() {
        List<String> all = new ArrayList<>(claimChanges);
        all.addAll(sourceChanges);
        return String.join("; ", all);
    }

    public boolean changedAnything() {
        return !claimChanges.isEmpty() || !sourceChanges.isEmpty();
    }

    /** The state of an annotation that a verdict on it judged. */
    record Claim(String motivation, Body body, Integer start, Integer end) {
        static Claim of(Annotation a) {
            return new Claim(a.motivation, a.body(), a.start, a.end);
        }
    }

    /** What an edit changed, from the claim before it to the annotation after it. */
    static AuthorEdited between(Claim before, Annotation after, Body afterBody, UUID editorId) {
        List<String> claim = new ArrayList<>();
        Body was = before.body();
        if (!Objects.equals(text(was), text(afterBody))) {
            claim.add("the comment's text changed");
        }
        if (was.verdict() != afterBody.verdict() || !before.motivation().equals(after.motivation)) {
            claim.add("the assessment changed");
        }
        if (!Objects.equals(before.start(), after.start) || !Objects.equals(before.end(), after.end)) {
            claim.add("the annotated passage changed");
        }
        Map<UUID, Body.Source> now = new LinkedHashMap<>();
        afterBody.sources().forEach(s -> now.put(s.id(), s));
        Map<UUID, String> evidence = new LinkedHashMap<>();
        int removed = 0;
        int changed = 0;
        for (Body.Source old : was.sources()) {
            Body.Source s = now.remove(old.id());
            if (s == null) {
                removed++;
                evidence.put(old.id(), "the source was removed");
            } else if (!old.sameEvidence(s)) {
                changed++;
                evidence.put(old.id(), "the source's " + String.join(" and ", differences(old, s)) + " changed");
            } else if (!old.sameCitation(s)) {
                changed++;
            }
        }
        List<String> sources = new ArrayList<>();
        count(sources, now.size(), "source was added", "sources were added");
        count(sources, removed, "source was removed", "sources were removed");
        count(sources, changed, "source changed", "sources changed");
        return new AuthorEdited(after, editorId, claim, sources, evidence);
    }

    private static List<String> differences(Body.Source a, Body.Source b) {
        List<String> out = new ArrayList<>();
        if (!a.iri().equals(b.iri())) {
            out.add("work");
        }
        if (!Objects.equals(a.locator(), b.locator())) {
            out.add("locator");
        }
        if (!Objects.equals(a.excerpt(), b.excerpt())) {
            out.add("excerpt");
        }
        return out;
    }

    private static void count(List<String> out, int n, String one, String many) {
        if (n == 1) {
            out.add("a " + one);
        } else if (n > 1) {
            out.add(n + " " + many);
        }
    }

    private static String text(Body b) {
        return b.comment() == null ? null : b.comment().text();
    }
}
