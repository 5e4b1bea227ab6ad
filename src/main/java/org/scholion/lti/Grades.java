package org.scholion.lti;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.documents.assignments.ReadingService;
import org.scholion.reports.ParticipationReports;
import org.scholion.reports.Scoring;
import org.scholion.security.UserRef;

/**
 * Grade passback (1EdTech Assignment and Grade Services 2.0): a reading's participation score goes to
 * its gradebook column (the line item its launches name) when it changes and, marked Completed, at the
 * due date.
 *
 * <p>Every {@code scholion.lti.grade-poll} this instance looks at the line items whose reading had
 * changes since it last looked (live_event, the trigger-filled record of every annotation change), and
 * at every line item each {@link #FULL} (instructors' overrides and rubric changes leave no live event)
 * and at its due date: it computes the class's scores through the participation report — acting as one
 * of the group's moderators, so the permission map decides as for a person — and writes each score that
 * differs from the last one written into the outbox {@code lti_score}, in the transaction that computed
 * it. The outbox is then sent: in order per student and line item (a failed score holds back that
 * student's later ones), retried with backoff, each score with the timestamp it was computed at (a
 * platform keeps a score only when it is newer than the one it has, so a retry is harmless and a 409 for
 * an old one means it was superseded).
 *
 * <p>The quirks of real platforms: Moodle's line item URLs carry a query string (the scores URL is the
 * line item's path with {@code /scores}, then its query) and its token endpoint wants
 * {@code lineitem.readonly} asked with the score scope; a reading without a rubric is scored with the
 * default one (one point per annotation, reply and verified source, out of 10), set when the column is
 * first seen so that instructors see the rubric that grades.
 */
@ApplicationScoped
public class Grades {
    static final String SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    static final String SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
    static final String SCORE_MEDIA = "application/vnd.ims.lis.v1.score+json";
    static final String LINEITEM_MEDIA = "application/vnd.ims.lis.v2.lineitem+json";
    static final Duration FULL = Duration.ofMinutes(10);
    static final Scoring.Rubric DEFAULT_RUBRIC = new Scoring.Rubric(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
            BigDecimal.valueOf(DeepLinks.DEFAULT_MAXIMUM), false);
    private static final int BATCH = 200;

    /** A line item as the poller reads it. */
    record LineItem(UUID id, UUID platform, String url, UUID group, UUID document, String slug, BigDecimal maximum, boolean read,
            long cursor, OffsetDateTime scoredAt, OffsetDateTime duePostedAt) {
    }

    /** One score waiting in the outbox. */
    record Pending(long id, UUID platform, String url, UUID user, String sub, BigDecimal given, BigDecimal maximum, String activity,
            Instant at, int attempts) {
    }

    private final EntityManager em;
    private final Platforms platforms;
    private final PlatformServices services;
    private final ParticipationReports reports;
    private final ReadingService readings;
    private final Duration poll;
    private ScheduledExecutorService executor;

    Grades(EntityManager em, Platforms platforms, PlatformServices services, ParticipationReports reports, ReadingService readings,
            @ConfigProperty(name = "scholion.lti.grade-poll", defaultValue = "PT15S") Duration poll) {
        this.em = em;
        this.platforms = platforms;
        this.services = services;
        this.reports = reports;
        this.readings = readings;
        this.poll = poll;
    }

    void onStart(@Observes StartupEvent e) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scholion-lti-grades");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::pass, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent e) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Learns the line item a launch names, for the reading it opens in the course's group. */
    @Transactional(Transactional.TxType.MANDATORY)
    void learn(Launch l, UUID group) {
        if (l.lineItemUrl() == null || l.deepLinking()) {
            return;
        }
        String slug = slug(l);
        if (slug == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<UUID> doc = em.createNativeQuery("""
                SELECT d.id FROM document d JOIN reading r ON r.document_id = d.id AND r.group_id = :g WHERE d.slug = :s""", UUID.class)
                .setParameter("g", group).setParameter("s", slug).getResultList();
        if (doc.isEmpty()) {
            return;
        }
        dueFromLaunch(l, group, slug);
        em.createNativeQuery("""
                INSERT INTO lti_line_item (id, platform_id, url, group_id, document_id, resource_link_id)
                VALUES (:id, :p, :url, :g, :d, :link) ON CONFLICT (platform_id, url) DO NOTHING""")
                .setParameter("id", UUID.randomUUID()).setParameter("p", l.platform()).setParameter("url", l.lineItemUrl())
                .setParameter("g", group).setParameter("d", doc.get(0)).setParameter("link", l.resourceLinkId()).executeUpdate();
    }

    /**
     * The due date a platform gives as a custom parameter ({@code scholion_due=$ResourceLink.submission.endDateTime}
     * in Moodle and Canvas substitute the assignment's): the reading's due date follows it.
     */
    private void dueFromLaunch(Launch l, UUID group, String slug) {
        String due = l.custom().get("scholion_due");
        if (due == null || due.isBlank() || due.startsWith("$")) {
            return;
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(due);
        } catch (DateTimeParseException e) {
            Log.infof("LTI: the launch's scholion_due is not a date-time with offset: %s", due);
            return;
        }
        actor(group).ifPresent(actor -> readings.list(actor, group).stream().filter(r -> r.slug().equals(slug)).findFirst()
                .filter(r -> r.reading().due == null || !r.reading().due.isEqual(at))
                .ifPresent(r -> readings.assign(actor, group, slug,
                        new ReadingService.Terms(at, r.reading().instructions, r.reading().revealAfter))));
    }

    /** The reading a launch opens: its custom parameter, or the /read/{slug} of its target. */
    static String slug(Launch l) {
        String custom = l.custom().get("scholion_reading");
        if (custom != null && !custom.isBlank()) {
            return custom;
        }
        String t = l.targetLinkUri();
        int at = t == null ? -1 : t.indexOf("/read/");
        if (at < 0) {
            return null;
        }
        String rest = t.substring(at + 6);
        int end = rest.indexOf('?');
        rest = end < 0 ? rest : rest.substring(0, end);
        return rest.isEmpty() || rest.contains("/") ? null : rest;
    }

    /** One pass: compute what changed, then send what waits. Errors are logged; the next pass tries again. */
    void pass() {
        try {
            for (LineItem li : lineItems()) {
                try {
                    score(li);
                } catch (RuntimeException ex) {
                    Log.warnf("LTI: the scores of line item %s could not be computed: %s", li.url(), ex.getMessage());
                }
            }
            send();
        } catch (RuntimeException ex) {
            Log.warnf("LTI: grade passback pass failed: %s", ex.getMessage());
        }
    }

    @Transactional
    List<LineItem> lineItems() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT li.id, li.platform_id, li.url, li.group_id, li.document_id, d.slug, li.score_maximum, li.read_at IS NOT NULL,
                       li.event_cursor, li.scored_at, li.due_posted_at
                  FROM lti_line_item li JOIN document d ON d.id = li.document_id
                  JOIN lti_platform p ON p.id = li.platform_id AND p.removed_at IS NULL
                 ORDER BY li.created_at""").getResultList();
        List<LineItem> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new LineItem((UUID) r[0], (UUID) r[1], (String) r[2], (UUID) r[3], (UUID) r[4], (String) r[5], (BigDecimal) r[6],
                    (Boolean) r[7], ((Number) r[8]).longValue(), offset(r[9]), offset(r[10])));
        }
        return out;
    }

    /** Computes the line item's scores if something may have changed, and puts the changed ones in the outbox. */
    void score(LineItem li) {
        Platforms.Platform platform = platforms.find(li.platform()).orElse(null);
        if (platform == null) {
            return;
        }
        LineItem ready = li.read() ? li : read(platform, li);
        commitScores(ready);
    }

    /** The platform's details of the column (its maximum, its end date as the reading's due date); the default rubric if none. */
    private LineItem read(Platforms.Platform platform, LineItem li) {
        BigDecimal maximum = li.maximum();
        OffsetDateTime end = null;
        try {
            JsonNode item = services.get(platform, li.url(), LINEITEM_MEDIA, List.of(SCOPE_LINEITEM_READONLY, SCOPE_SCORE)).body();
            if (item.path("scoreMaximum").isNumber()) {
                maximum = item.path("scoreMaximum").decimalValue();
            }
            if (item.path("endDateTime").isTextual()) {
                end = OffsetDateTime.parse(item.path("endDateTime").asText());
            }
        } catch (PlatformServices.ServiceFailure | DateTimeParseException ex) {
            Log.infof("LTI: could not read line item %s (%s); the default maximum applies", li.url(), ex.getMessage());
        }
        return prepared(li, maximum, end);
    }

    @Transactional
    LineItem prepared(LineItem li, BigDecimal maximum, OffsetDateTime end) {
        UserRef actor = actor(li.group()).orElseThrow(() -> new IllegalStateException("the course's group has no moderator"));
        try {
            reports.rubric(actor, li.group(), li.slug());
        } catch (org.scholion.domain.DomainError.NotFound none) {
            reports.setRubric(actor, li.group(), li.slug(), DEFAULT_RUBRIC);
        }
        if (end != null) {
            var listed = readings.list(actor, li.group()).stream().filter(r -> r.slug().equals(li.slug())).findFirst();
            if (listed.isPresent() && !end.isEqual(Optional.ofNullable(listed.get().reading().due).orElse(OffsetDateTime.MIN))) {
                readings.assign(actor, li.group(), li.slug(), new ReadingService.Terms(end, listed.get().reading().instructions,
                        listed.get().reading().revealAfter));
            }
        }
        BigDecimal max = maximum != null ? maximum : DEFAULT_RUBRIC.cap();
        em.createNativeQuery("UPDATE lti_line_item SET read_at = now(), score_maximum = :m WHERE id = :id")
                .setParameter("m", max).setParameter("id", li.id()).executeUpdate();
        return new LineItem(li.id(), li.platform(), li.url(), li.group(), li.document(), li.slug(), max, true, li.cursor(), li.scoredAt(),
                li.duePostedAt());
    }

    @Transactional
    void commitScores(LineItem li) {
        Number latest = (Number) em.createNativeQuery(
                "SELECT coalesce(max(id), 0) FROM live_event WHERE document_id = :d AND group_id = :g AND id > :c")
                .setParameter("d", li.document()).setParameter("g", li.group()).setParameter("c", li.cursor()).getSingleResult();
        boolean changed = latest.longValue() > li.cursor();
        boolean stale = li.scoredAt() == null || li.scoredAt().isBefore(OffsetDateTime.now().minus(FULL));
        @SuppressWarnings("unchecked")
        List<Object> dues = em.createNativeQuery("SELECT due FROM reading WHERE group_id = :g AND document_id = :d")
                .setParameter("g", li.group()).setParameter("d", li.document()).getResultList();
        OffsetDateTime due = dues.isEmpty() ? null : offset(dues.get(0));
        boolean dueNow = due != null && !due.isAfter(OffsetDateTime.now()) && li.duePostedAt() == null;
        if (!changed && !stale && !dueNow) {
            // the report (the class's scores) is computed only when something may have changed
            return;
        }
        UserRef actor = actor(li.group()).orElse(null);
        if (actor == null) {
            return;
        }
        ParticipationReports.Report report = reports.participation(actor, li.group(), li.slug());
        Map<UUID, Object[]> last = lastScores(li.id());
        Set<UUID> platformUsers = platformUsers(li.platform(), li.group());
        String activity = report.due() != null && !report.due().isAfter(OffsetDateTime.now()) ? "Completed" : "InProgress";
        BigDecimal maximum = li.maximum() != null ? li.maximum()
                : report.rubric() != null && report.rubric().cap() != null ? report.rubric().cap() : DEFAULT_RUBRIC.cap();
        for (ParticipationReports.Row row : report.rows()) {
            UUID user = row.user().id();
            if (!"member".equals(row.role()) || !platformUsers.contains(user)) {
                continue;
            }
            BigDecimal given = row.override() != null ? row.override().score() : row.score() == null ? BigDecimal.ZERO : row.score();
            given = scaled(given, report.rubric(), maximum);
            Object[] before = last.get(user);
            if (before != null && ((BigDecimal) before[0]).compareTo(given) == 0 && activity.equals(before[1])) {
                continue;
            }
            if (before == null && given.signum() == 0 && row.override() == null && activity.equals("InProgress")) {
                // nothing written yet: no score until they start, or the due date (AGS: a score is a result, not a roster)
                continue;
            }
            em.createNativeQuery("""
                    UPDATE lti_score SET sent_at = now(), last_error = 'superseded by a newer score before it was sent'
                     WHERE line_item_id = :li AND user_id = :u AND sent_at IS NULL""")
                    .setParameter("li", li.id()).setParameter("u", user).executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO lti_score (line_item_id, user_id, score_given, score_maximum, activity) VALUES (:li, :u, :g, :m, :a)""")
                    .setParameter("li", li.id()).setParameter("u", user).setParameter("g", given).setParameter("m", maximum)
                    .setParameter("a", activity).executeUpdate();
        }
        em.createNativeQuery("""
                UPDATE lti_line_item SET event_cursor = greatest(event_cursor, :c), scored_at = now(),
                       due_posted_at = CASE WHEN :due THEN now() ELSE due_posted_at END WHERE id = :id""")
                .setParameter("c", latest.longValue()).setParameter("due", dueNow).setParameter("id", li.id()).executeUpdate();
    }

    /**
     * The score on the column's scale: the rubric's total out of its cap, brought to the column's
     * maximum when the two differ (a column made out of 100 for a rubric out of 10).
     */
    static BigDecimal scaled(BigDecimal given, Scoring.Rubric rubric, BigDecimal maximum) {
        BigDecimal cap = rubric == null || rubric.cap() == null ? null : rubric.cap();
        if (cap == null || cap.signum() == 0 || cap.compareTo(maximum) == 0) {
            return given.setScale(2, RoundingMode.HALF_UP);
        }
        return given.multiply(maximum).divide(cap, 2, RoundingMode.HALF_UP);
    }

    private Map<UUID, Object[]> lastScores(UUID lineItem) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT DISTINCT ON (user_id) user_id, score_given, activity FROM lti_score WHERE line_item_id = :li ORDER BY user_id, id DESC""")
                .setParameter("li", lineItem).getResultList();
        Map<UUID, Object[]> out = new LinkedHashMap<>();
        for (Object[] r : rows) {
            out.put((UUID) r[0], new Object[] {r[1], r[2]});
        }
        return out;
    }

    private Set<UUID> platformUsers(UUID platform, UUID group) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("""
                SELECT a.user_id FROM lti_account a JOIN membership m ON m.user_id = a.user_id AND m.group_id = :g WHERE a.platform_id = :p""",
                UUID.class).setParameter("g", group).setParameter("p", platform).getResultList();
        return new HashSet<>(ids);
    }

    /** One of the group's moderators, as the scores are computed for them (the permission map decides as for a person). */
    private Optional<UserRef> actor(UUID group) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT u.id, u.subject, u.username, u.display_name, array_to_string(u.roles, ',') FROM membership m
                  JOIN app_user u ON u.id = m.user_id WHERE m.group_id = :g AND m.role = 'moderator' ORDER BY m.joined_at LIMIT 1""")
                .setParameter("g", group).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        String roles = (String) r[4];
        return Optional.of(new UserRef((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                roles == null || roles.isEmpty() ? Set.of() : Set.of(roles.split(","))));
    }

    /**
     * Sends the outbox. A student has at most one score waiting per line item (a newer one supersedes
     * the one not sent yet, see {@link #commitScores}), so scores reach the platform in the order they
     * were computed.
     */
    void send() {
        for (Pending p : claim()) {
            Platforms.Platform platform = platforms.find(p.platform()).orElse(null);
            if (platform == null) {
                continue;
            }
            Map<String, Object> score = new LinkedHashMap<>();
            score.put("userId", p.sub());
            score.put("scoreGiven", p.given());
            score.put("scoreMaximum", p.maximum());
            score.put("activityProgress", p.activity());
            score.put("gradingProgress", "FullyGraded");
            score.put("timestamp", p.at().toString());
            try {
                services.post(platform, scoresUrl(p.url()), SCORE_MEDIA, score, List.of(SCOPE_SCORE, SCOPE_LINEITEM_READONLY));
                sent(p.id(), null);
            } catch (PlatformServices.ServiceFailure f) {
                if (f.status == 409) {
                    // the platform has a newer score for this student (AGS: it keeps only newer ones): this one is superseded
                    sent(p.id(), "superseded: " + f.getMessage());
                } else {
                    failed(p, f.getMessage());
                }
            }
        }
    }

    /**
     * The scores URL of a line item (AGS 2.0 §3.4: "{lineitem URL}/scores"), inserted before the query
     * a line item URL may carry (Moodle's do: …/lineitems/5/lineitem?type_id=1).
     */
    static String scoresUrl(String lineItem) {
        int q = lineItem.indexOf('?');
        String path = q < 0 ? lineItem : lineItem.substring(0, q);
        String query = q < 0 ? "" : lineItem.substring(q);
        return (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/scores" + query;
    }

    /** Takes the due scores for this pass (a lease, so another instance does not send them at once). */
    @Transactional
    List<Pending> claim() {
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery("""
                WITH due AS (SELECT id FROM lti_score WHERE sent_at IS NULL AND next_attempt_at <= now()
                              ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED)
                UPDATE lti_score s SET next_attempt_at = now() + interval '2 minutes' FROM due WHERE s.id = due.id
                RETURNING s.id""").setParameter("n", BATCH).getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(Number::longValue).toList();
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("""
                SELECT s.id, li.platform_id, li.url, s.user_id, a.sub, s.score_given, s.score_maximum, s.activity, s.at, s.attempts
                  FROM lti_score s JOIN lti_line_item li ON li.id = s.line_item_id
                  JOIN lti_account a ON a.user_id = s.user_id AND a.platform_id = li.platform_id
                 WHERE s.id IN (:ids) ORDER BY s.id""").setParameter("ids", ids).getResultList();
        List<Pending> out = new ArrayList<>();
        for (Object[] r : found) {
            out.add(new Pending(((Number) r[0]).longValue(), (UUID) r[1], (String) r[2], (UUID) r[3], (String) r[4], (BigDecimal) r[5],
                    (BigDecimal) r[6], (String) r[7], (Instant) r[8], ((Number) r[9]).intValue()));
        }
        return out;
    }

    @Transactional
    void sent(long id, String note) {
        em.createNativeQuery("UPDATE lti_score SET sent_at = now(), attempts = attempts + 1, last_error = :e WHERE id = :id")
                .setParameter("e", note == null ? null : clip(note)).setParameter("id", id).executeUpdate();
    }

    @Transactional
    void failed(Pending p, String error) {
        long backoff = Math.min(3600, 10L << Math.min(p.attempts(), 8));
        em.createNativeQuery("""
                UPDATE lti_score SET attempts = attempts + 1, last_error = :e, next_attempt_at = now() + make_interval(secs => :b) WHERE id = :id""")
                .setParameter("e", clip(error)).setParameter("b", (double) backoff).setParameter("id", p.id()).executeUpdate();
        Log.warnf("LTI: a score for line item %s was not accepted (attempt %d): %s", p.url(), p.attempts() + 1, error);
    }

    private static String clip(String s) {
        return s.length() <= 500 ? s : s.substring(0, 499) + "…";
    }

    private static OffsetDateTime offset(Object o) {
        return o == null ? null : ((Instant) o).atOffset(ZoneOffset.UTC);
    }
}
