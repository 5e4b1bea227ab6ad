package org.scholion.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.scholion.documents.DocumentService;
import org.scholion.documents.assignments.ReadingService;
import org.scholion.domain.DomainError;
import org.scholion.security.Action;
import org.scholion.security.Permissions;
import org.scholion.security.UserRef;
import org.scholion.groups.GroupService;

/**
 * Deep linking (1EdTech Deep Linking 2.0): an instructor, in the platform's "add content" dialog,
 * picks one of their readings or a public one; Scholion puts it on the course group's reading list
 * (with the due date chosen) and answers the platform with a signed {@code LtiDeepLinkingResponse}
 * holding one {@code ltiResourceLink} to the reading — with a line item when it is graded, so the
 * platform makes a gradebook column the participation score is posted to.
 *
 * <p>Who may: the user the launch signed in, who moderates the course's group (its instructors and
 * teaching assistants) — the permission map's MANAGE_GROUP on that group. A request is answered once.
 */
@ApplicationScoped
class DeepLinks {
    /** The gradebook column's maximum when the reading has no rubric of its own: the default rubric's cap. */
    static final int DEFAULT_MAXIMUM = 10;
    /** The tag of the line items Scholion makes, so it finds its own among a course's columns. */
    static final String TAG = "scholion-participation";

    /** What the picker shows: the course, and the readings on offer. */
    record Offer(String course, UUID group, List<DocumentService.Listed> readings) {
    }

    /** The signed answer and where the browser posts it. */
    record Answer(String returnUrl, String jwt, String title) {
    }

    private final Logins logins;
    private final Platforms platforms;
    private final DocumentService documents;
    private final ReadingService readings;
    private final GroupService groups;
    private final ToolKeys keys;
    private final LtiUrls urls;
    private final EntityManager em;
    private final org.scholion.reports.ParticipationReports reports;

    DeepLinks(Logins logins, Platforms platforms, DocumentService documents, ReadingService readings, GroupService groups,
            ToolKeys keys, LtiUrls urls, EntityManager em, org.scholion.reports.ParticipationReports reports) {
        this.reports = reports;
        this.logins = logins;
        this.platforms = platforms;
        this.documents = documents;
        this.readings = readings;
        this.groups = groups;
        this.keys = keys;
        this.urls = urls;
        this.em = em;
    }

    /** The caller's readings and the public ones, for the deep-linking request under this handle. */
    @Transactional
    Offer offer(UserRef user, String handle) {
        Request r = request(user, handle);
        List<DocumentService.Listed> offered = new ArrayList<>();
        for (DocumentService.Listed d : documents.list(user)) {
            if (d.isPublic() || user.id().equals(d.ownerId())) {
                offered.add(d);
            }
        }
        return new Offer(LtiAccounts.groupName(r.launch().contextTitle(), r.launch().contextLabel(), r.launch().contextId()), r.group(),
                offered);
    }

    /** Assigns the reading to the course's group and signs the answer for the platform. */
    @Transactional
    Answer answer(UserRef user, String handle, String slug, OffsetDateTime due, boolean graded) {
        Request r = request(user, handle);
        if (!logins.answered(r.stateHash())) {
            throw DomainError.conflict("This deep-linking request was answered already: add the reading again from the learning platform.");
        }
        ReadingService.Assigned assigned = readings.assign(user, r.group(), slug, new ReadingService.Terms(due, null, null));
        Platforms.Platform platform = platforms.find(r.launch().platform()).orElseThrow(Permissions::notFound);
        String title = assigned.listed().title();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "ltiResourceLink");
        item.put("title", title);
        item.put("url", urls.base() + "/read/" + assigned.listed().slug());
        item.put("custom", Map.of("scholion_reading", assigned.listed().slug()));
        if (graded) {
            Map<String, Object> lineItem = new LinkedHashMap<>();
            lineItem.put("scoreMaximum", maximum(user, r.group(), assigned.listed().slug()));
            lineItem.put("label", title);
            lineItem.put("resourceId", assigned.listed().slug());
            lineItem.put("tag", TAG);
            item.put("lineItem", lineItem);
        }
        if (due != null) {
            item.put("submission", Map.of("endDateTime", due.toInstant().toString()));
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(platform.clientId())
                .audience(platform.issuer())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("nonce", Secrets.fresh())
                .claim(Claims.MESSAGE_TYPE, Claims.DEEP_LINKING_RESPONSE)
                .claim(Claims.VERSION, Claims.LTI_VERSION)
                .claim(Claims.DEPLOYMENT_ID, r.launch().deploymentId())
                .claim(Claims.DL_CONTENT_ITEMS, List.of(item));
        if (r.launch().deepLinkData() != null) {
            claims.claim(Claims.DL_DATA, r.launch().deepLinkData());
        }
        return new Answer(r.launch().deepLinkReturnUrl(), sign(claims.build()), title);
    }

    /** The column's maximum: the reading's rubric's cap, or the default rubric's (10). */
    private Number maximum(UserRef user, UUID group, String slug) {
        try {
            java.math.BigDecimal cap = reports.rubric(user, group, slug).cap();
            return cap == null ? DEFAULT_MAXIMUM : cap;
        } catch (DomainError.NotFound none) {
            return DEFAULT_MAXIMUM;
        }
    }

    private record Request(byte[] stateHash, Launch launch, UUID group) {
    }

    /** The deep-linking request under this handle, if the caller is the one it signed in and teaches its course. */
    private Request request(UserRef user, String handle) {
        Logins.Completed c = handle == null ? null : logins.completed(handle).orElse(null);
        if (c == null) {
            throw DomainError.notFound("No deep-linking request under this handle: add the reading again from the learning platform.");
        }
        Launch launch;
        try {
            launch = Launch.of(c.platform(), c.launchJson());
        } catch (ParseException e) {
            throw DomainError.notFound("No deep-linking request under this handle.");
        }
        if (!launch.deepLinking() || !LtiAccounts.subject(c.platform(), launch.sub()).equals(user.subject())) {
            throw DomainError.notFound("No deep-linking request under this handle: add the reading again from the learning platform.");
        }
        @SuppressWarnings("unchecked")
        List<UUID> group = em.createNativeQuery("SELECT group_id FROM lti_context WHERE platform_id = :p AND context_id = :c", UUID.class)
                .setParameter("p", c.platform()).setParameter("c", launch.contextId()).getResultList();
        if (group.isEmpty()) {
            throw DomainError.notFound("The course of this request has no group.");
        }
        // instructors of that course only: its group's moderators (a learner's own launch is refused here)
        groups.require(user, group.get(0), Action.MANAGE_GROUP);
        return new Request(c.stateHash(), launch, group.get(0));
    }

    private String sign(JWTClaimsSet claims) {
        RSAKey key = keys.signing();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the deep-linking response", e);
        }
        return jwt.serialize();
    }
}
