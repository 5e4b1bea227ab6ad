package org.scholion.documents;

/**
 * What follows a document's text from revision to revision: its annotations. Documents never
 * import annotations; this interface, low in the graph, is implemented beside the annotation
 * rules ({@code annotations/reanchoring/}), as {@code live/LiveAudience} is.
 */
public interface RevisionFollowers {
    /**
     * Called inside the transaction that publishes the revision: records the work of moving what
     * follows the text onto the new revision (a job that survives restarts and runs after commit).
     *
     * @return how many annotations the job will re-anchor (0: nothing to do, no job)
     */
    int follow(RevisionPublished published);
}
