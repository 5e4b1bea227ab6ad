package org.scholion.annotations.reanchoring;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.scholion.anchoring.Reanchoring;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.Author;
import org.scholion.annotations.RevisionPairs;
import org.scholion.annotations.Revisions;
import org.scholion.documents.RevisionFollowers;
import org.scholion.documents.RevisionPublished;
import org.scholion.security.AppUser;
import org.scholion.security.UserRef;

/**
 * Re-anchoring: publishing a revision moves every annotation of the document onto it, once, on
 * the server. Publishing records a job row in its own transaction ({@link #follow}); after commit
 * this instance works through it, a batch per transaction: the annotations whose
 * {@code checked_revision} is below the job's revision, locked {@code FOR UPDATE SKIP LOCKED}, so
 * several instances share the work and none is done twice. Each annotation's outcome (exact, fuzzy,
 * orphaned) is written with the version it replaced kept in its history, and its replies follow
 * it. A restart resumes where the rows say it stopped: running jobs are picked up on start and
 * every {@code scholion.reanchoring.poll} (another instance may have died mid-way). Readers and
 * writers are never blocked: a batch locks only its own rows, briefly.
 */
@ApplicationScoped
public class ReanchoringJobs implements RevisionFollowers {
    static final String ROOTS_BEHIND = "document_id = :doc AND checked_revision < :rev AND deleted_at IS NULL AND parent_id IS NULL";

    private final EntityManager em;
    private final io.agroal.api.AgroalDataSource db;
    private final RevisionPairs pairs;
    private final Revisions revisions;
    private final AnnotatedDocuments documents;
    private final int batchSize;
    private final long pollSeconds;
    /** The jobs this instance is working on (another instance may work on the same ones: SKIP LOCKED shares them). */
    private final Set<Key> running = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService executor;

    record Key(UUID document, int revision) {
    }

    ReanchoringJobs(EntityManager em, io.agroal.api.AgroalDataSource db, RevisionPairs pairs, Revisions revisions, AnnotatedDocuments documents,
            @ConfigProperty(name = "scholion.reanchoring.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "scholion.reanchoring.poll", defaultValue = "30") long pollSeconds) {
        this.em = em;
        this.db = db;
        this.pairs = pairs;
        this.revisions = revisions;
        this.documents = documents;
        this.batchSize = batchSize;
        this.pollSeconds = pollSeconds;
    }

    /** Inside the publishing transaction: the job, if there is anything to move. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int follow(RevisionPublished p) {
        int total = ((Number) em.createNativeQuery("SELECT count(*) FROM annotation WHERE " + ROOTS_BEHIND)
                .setParameter("doc", p.document()).setParameter("rev", p.to()).getSingleResult()).intValue();
        if (total > 0) {
            em.createNativeQuery("INSERT INTO reanchoring_job (document_id, revision, from_revision, total, published_by)"
                    + " VALUES (:doc, :rev, :from, :total, :by)")
                    .setParameter("doc", p.document()).setParameter("rev", p.to()).setParameter("from", p.from())
                    .setParameter("total", total).setParameter("by", p.by()).executeUpdate();
        }
        return total;
    }

    void published(@Observes(during = TransactionPhase.AFTER_SUCCESS) RevisionPublished p) {
        start(new Key(p.document(), p.to()));
    }

    void onStart(@Observes StartupEvent e) {
        executor = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "scholion-reanchoring");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::resumeAll, 1, pollSeconds, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent e) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The jobs still running in the database (after a restart, or another instance's that stopped). */
    private void resumeAll() {
        // plain JDBC: a poll that finds nothing (nearly always) costs one indexed query and no ORM session
        List<Key> jobs = new java.util.ArrayList<>();
        try (java.sql.Connection c = db.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT document_id, revision FROM reanchoring_job WHERE state = 'running' ORDER BY created_at");
                java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                jobs.add(new Key(rs.getObject(1, UUID.class), rs.getInt(2)));
            }
        } catch (java.sql.SQLException | RuntimeException ex) {
            Log.warnf("Could not look for re-anchoring jobs to resume: %s", ex.toString());
        }
        jobs.forEach(this::start);
    }

    private void start(Key job) {
        if (executor != null && running.add(job)) {
            executor.execute(() -> {
                try {
                    run(job);
                } catch (RuntimeException ex) {
                    Log.errorf(ex, "Re-anchoring document %s onto revision %d stopped; it resumes at the next poll", job.document(),
                            job.revision());
                } finally {
                    running.remove(job);
                }
            });
        }
    }

    /** Works through the job a batch at a time until no annotation is behind. */
    void run(Key job) {
        int here = 0;
        while (!Thread.currentThread().isInterrupted()) {
            int moved = QuarkusTransaction.requiringNew().call(() -> batch(job));
            here += moved;
            if (moved == 0 && QuarkusTransaction.requiringNew().call(() -> finishIfComplete(job))) {
                // instances share a job: each says what it did (the job's row has the totals)
                Log.infof("Re-anchoring document %s onto revision %d is done; this instance moved %d annotations", job.document(),
                        job.revision(), here);
                return;
            }
            if (moved == 0) {
                // the rest is locked by another instance's batch: let it finish
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** One batch, in the caller's transaction: how many annotations it moved. */
    int batch(Key job) {
        // this transaction moves annotations onto the job's revision, which a later one may have replaced (V13)
        em.createNativeQuery("SELECT set_config('scholion.reanchoring', 'on', true)").getSingleResult();
        @SuppressWarnings("unchecked")
        List<Annotation> rows = em.createNativeQuery("SELECT * FROM annotation WHERE " + ROOTS_BEHIND
                + " ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED", Annotation.class)
                .setParameter("doc", job.document()).setParameter("rev", job.revision()).setParameter("n", batchSize).getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        Object[] j = (Object[]) em.createNativeQuery("SELECT published_by, (SELECT slug FROM document WHERE id = :doc)"
                + " FROM reanchoring_job WHERE document_id = :doc AND revision = :rev")
                .setParameter("doc", job.document()).setParameter("rev", job.revision()).getSingleResult();
        UserRef publisher = new UserRef((UUID) j[0], "", "", "", Set.of());
        AnnotatedDocuments.Doc doc = documents.load((String) j[1]);
        int exact = 0;
        int fuzzy = 0;
        int orphaned = 0;
        OffsetDateTime now = OffsetDateTime.now();
        // the matching is pure and most of the work: all of the batch's at once, on every core; the writes follow in order
        Map<Integer, Reanchoring> from = new HashMap<>();
        for (Annotation a : rows) {
            from.computeIfAbsent(a.revision, r -> pairs.between(job.document(), r, job.revision()));
        }
        List<Reanchoring.Outcome> outcomes = rows.parallelStream().map(a -> from.get(a.revision).reanchor(a.anchor())).toList();
        // the batch's UPDATEs go to the database in JDBC batches, not one round trip each
        em.unwrap(Session.class).setJdbcBatchSize(batchSize);
        revisions.keepAll(publisher, rows, doc, this::author, "reanchor");
        for (int i = 0; i < rows.size(); i++) {
            Annotation a = rows.get(i);
            Reanchoring.Outcome o = outcomes.get(i);
            a.reanchored(o, job.revision());
            switch (a.anchoring) {
                case "exact" -> exact++;
                case "fuzzy" -> fuzzy++;
                default -> orphaned++;
            }
            a.version++;
            a.modifiedAt = now;
        }
        em.flush();
        // replies follow their thread
        em.createNativeQuery("UPDATE annotation r SET revision = a.revision, checked_revision = a.checked_revision, anchoring = a.anchoring"
                + " FROM annotation a WHERE r.root_id = a.id AND r.id <> a.id AND a.id IN (:ids)")
                .setParameter("ids", rows.stream().map(a -> a.id).toList()).executeUpdate();
        em.createNativeQuery("UPDATE reanchoring_job SET done = done + :n, exact = exact + :e, fuzzy = fuzzy + :f, orphaned = orphaned + :o"
                + " WHERE document_id = :doc AND revision = :rev")
                .setParameter("n", rows.size()).setParameter("e", exact).setParameter("f", fuzzy).setParameter("o", orphaned)
                .setParameter("doc", job.document()).setParameter("rev", job.revision()).executeUpdate();
        return rows.size();
    }

    /** Done when no annotation is behind any more (rows another instance holds are not done yet). */
    boolean finishIfComplete(Key job) {
        boolean behind = !em.createNativeQuery("SELECT 1 FROM annotation WHERE " + ROOTS_BEHIND + " LIMIT 1")
                .setParameter("doc", job.document()).setParameter("rev", job.revision()).getResultList().isEmpty();
        if (behind) {
            return false;
        }
        em.createNativeQuery("UPDATE reanchoring_job SET state = 'done', finished_at = now() WHERE document_id = :doc AND revision = :rev"
                + " AND state = 'running'").setParameter("doc", job.document()).setParameter("rev", job.revision()).executeUpdate();
        return true;
    }

    /** A job's progress. */
    public record Progress(String state, int total, int done, int exact, int fuzzy, int orphaned) {
    }

    public Optional<Progress> progress(UUID document, int revision) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT state, total, done, exact, fuzzy, orphaned FROM reanchoring_job"
                + " WHERE document_id = :doc AND revision = :rev").setParameter("doc", document).setParameter("rev", revision).getResultList();
        return rows.stream().findFirst().map(r -> new Progress((String) r[0], ((Number) r[1]).intValue(), ((Number) r[2]).intValue(),
                ((Number) r[3]).intValue(), ((Number) r[4]).intValue(), ((Number) r[5]).intValue()));
    }

    private Author author(Annotation a) {
        return Optional.ofNullable(em.find(AppUser.class, a.authorId)).map(Author::of).orElse(null);
    }
}
