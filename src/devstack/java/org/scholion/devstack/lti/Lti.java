package org.scholion.devstack.lti;

import java.util.List;

/** The LTI 1.3 names (claims, scopes, roles, media types) the fake platform speaks, spelled once. */
public final class Lti {
    private Lti() {
    }

    /** Prefix of the LTI Core claims (LTI 1.3 Core §5.3, §5.4). */
    public static final String CLAIM = "https://purl.imsglobal.org/spec/lti/claim/";
    public static final String MESSAGE_TYPE = CLAIM + "message_type";
    public static final String VERSION = CLAIM + "version";
    public static final String DEPLOYMENT_ID = CLAIM + "deployment_id";
    public static final String TARGET_LINK_URI = CLAIM + "target_link_uri";
    public static final String RESOURCE_LINK = CLAIM + "resource_link";
    public static final String ROLES = CLAIM + "roles";
    public static final String CONTEXT = CLAIM + "context";
    public static final String TOOL_PLATFORM = CLAIM + "tool_platform";
    public static final String LAUNCH_PRESENTATION = CLAIM + "launch_presentation";
    public static final String CUSTOM = CLAIM + "custom";

    /** Assignment and Grade Services 2.0 §3.1. */
    public static final String AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
    /** Names and Role Provisioning Services 2.0. */
    public static final String NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
    /** Deep Linking 2.0 request settings, response data and content items. */
    public static final String DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
    public static final String DL_DATA = "https://purl.imsglobal.org/spec/lti-dl/claim/data";
    public static final String DL_CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items";
    public static final String DL_MSG = "https://purl.imsglobal.org/spec/lti-dl/claim/msg";
    public static final String DL_ERRORMSG = "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg";

    public static final String RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest";
    public static final String DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest";
    public static final String DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse";

    public static final String SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
    public static final String SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
    public static final String SCOPE_RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
    public static final String SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    public static final String SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
    /** The AGS scopes a launch's endpoint claim offers. */
    public static final List<String> AGS_SCOPES = List.of(SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, SCOPE_RESULT_READONLY, SCOPE_SCORE);
    /** Every scope the token endpoint grants. */
    public static final List<String> SERVICE_SCOPES = List.of(SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, SCOPE_RESULT_READONLY,
            SCOPE_SCORE, SCOPE_NRPS);

    public static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    public static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    public static final String COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering";

    public static final String MEMBERSHIP_CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
    public static final String LINEITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json";
    public static final String LINEITEM = "application/vnd.ims.lis.v2.lineitem+json";
    public static final String SCORE = "application/vnd.ims.lis.v1.score+json";
    public static final String RESULT_CONTAINER = "application/vnd.ims.lis.v2.resultcontainer+json";

    /** The product family code of this platform in tool_platform and its OpenID configuration. */
    public static final String PRODUCT_FAMILY_CODE = "scholion-fake";
}
