package org.scholion.annotations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.domain.DomainError;

/** What an author's edit changes of what a moderator judged, and which source ids an edit keeps (no I/O). */
class AuthorEditedTest {
    private static final UUID ID = UUID.randomUUID();
    private static final Body.Source CHEKA = new Body.Source(ID, "https://example.org/cheka", "The Cheka", List.of("G. Leggett"),
            "1981", null, "p. 12", "founded in December 1917", null);

    @Test
    void tagsAndASourcesTitleAreNotTheClaimOrItsEvidence() {
        Body before = body("Lenin founded the Cheka.", List.of(), CHEKA);
        Body after = body("Lenin founded the Cheka.", List.of("chronology"),
                new Body.Source(ID, CHEKA.iri(), "The Cheka (2nd ed.)", CHEKA.authors(), "1981", null, "p. 12", CHEKA.excerpt(), null));
        AuthorEdited e = edit(before, after);
        assertEquals(List.of(), e.claimChanges());
        assertEquals(List.of("a source changed"), e.sourceChanges(), "a corrected title is a changed source (endorsement)");
        assertEquals(Map.of(), e.changedEvidence(), "but not changed evidence (its review stands)");
        assertFalse(edit(before, body("Lenin founded the Cheka.", List.of("chronology"), CHEKA)).changedAnything(),
                "a tags-only edit changes nothing a verdict judged");
    }

    @Test
    void theTextTheVerdictAndTheEvidenceAreNamed() {
        Body before = body("Lenin founded the Cheka.", List.of(), CHEKA);
        Body after = new Body(new Body.Comment("Stalin founded the Cheka.", Body.Comment.MARKDOWN, null), List.of(),
                Body.Verdict.MISLEADING, List.of(new Body.Source(ID, CHEKA.iri(), CHEKA.title(), CHEKA.authors(), "1981", null, "p. 13",
                        CHEKA.excerpt(), null)));
        AuthorEdited e = edit(before, after);
        assertEquals(List.of("the comment's text changed", "the assessment changed"), e.claimChanges());
        assertEquals(Map.of(ID, "the source's locator changed"), e.changedEvidence());
        AuthorEdited removed = edit(before, body("Lenin founded the Cheka.", List.of()));
        assertEquals(List.of("a source was removed"), removed.sourceChanges());
        assertEquals(Map.of(ID, "the source was removed"), removed.changedEvidence());
    }

    @Test
    void aClientSourceIdIsKeptOnlyForACurrentSourceCitingTheSameWork() {
        Body.Source sameWork = CHEKA.withId(ID);
        assertEquals(ID, ids(sameWork).get(0));
        Body.Source otherWork = new Body.Source(ID, "https://example.org/blog", "The Cheka", List.of(), null, null, null, null, null);
        assertNotEquals(ID, ids(otherWork).get(0), "an id naming another work makes a new source");
        Body.Source unknownId = CHEKA.withId(UUID.randomUUID());
        assertNotEquals(unknownId.id(), ids(unknownId).get(0), "an id the annotation never had makes a new source");
        assertEquals(ID, ids(CHEKA.withId(null)).get(0), "without an id, the same work keeps its source's id");
        // the reviewed id is claimed by the other work; the same work sent without an id does not take it either
        List<UUID> both = ids(CHEKA.withId(null), new Body.Source(ID, "https://example.org/blog", "x", List.of(), null, null, null, null,
                null));
        assertNotEquals(ID, both.get(0));
        assertNotEquals(ID, both.get(1));
        assertThrows(DomainError.class, () -> ids(CHEKA, CHEKA), "two sources with one id is a bad body");
        assertTrue(AnnotationService.withSourceIds(body("x", List.of(), CHEKA), List.of()).sources().stream()
                .noneMatch(s -> s.id().equals(ID)), "a new annotation takes no client ids");
    }

    private static List<UUID> ids(Body.Source... sent) {
        return AnnotationService.withSourceIds(body("x", List.of(), sent), List.of(CHEKA)).sources().stream().map(Body.Source::id)
                .toList();
    }

    /** An edit on the same passage; a body with a verdict is an assessment. */
    private static AuthorEdited edit(Body before, Body after) {
        Annotation a = new Annotation();
        a.motivation = motivation(after);
        a.start = 10;
        a.end = 20;
        return AuthorEdited.between(new AuthorEdited.Claim(motivation(before), before, 10, 20), a, after, UUID.randomUUID());
    }

    private static String motivation(Body b) {
        return b.verdict() == null ? "commenting" : "assessing";
    }

    private static Body body(String text, List<String> tags, Body.Source... sources) {
        return new Body(new Body.Comment(text, Body.Comment.MARKDOWN, null), tags, null, List.of(sources));
    }
}
