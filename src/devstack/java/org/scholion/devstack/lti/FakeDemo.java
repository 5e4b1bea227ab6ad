package org.scholion.devstack.lti;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The pages of the local demo ({@link FakePlatform#main}): a home page that says how to register the platform with
 * Scholion and launches Scholion in one course as its instructor and two students, and the course's gradebook.
 */
final class FakeDemo {
    static final String COURSE = "course-101";

    /** What the demo is told through the environment. */
    record Settings(int port, String toolLoginUrl, String toolJwksUrl, String toolLaunchUrl, String toolRegistrationUrl) {
        static Settings from(Map<String, String> env) {
            return new Settings(Integer.parseInt(env.getOrDefault("SCHOLION_FAKE_LMS_PORT", "8390")),
                    env.getOrDefault("SCHOLION_TOOL_LOGIN_URL", "http://localhost:8080/lti/login"),
                    env.getOrDefault("SCHOLION_TOOL_JWKS_URL", "http://localhost:8080/lti/jwks"),
                    env.getOrDefault("SCHOLION_TOOL_LAUNCH_URL", "http://localhost:8080/lti/launch"),
                    env.getOrDefault("SCHOLION_TOOL_REGISTRATION_URL", "http://localhost:8080/lti/register"));
        }

        /** The demo for a Scholion at this base URL (e.g. http://localhost:8081): its /lti/ endpoints there. */
        static Settings forTool(int port, String toolBase) {
            String base = toolBase.replaceAll("/+$", "");
            return new Settings(port, base + "/lti/login", base + "/lti/jwks", base + "/lti/launch", base + "/lti/register");
        }

        /** The tool's base URL (its login URL's origin), the target of a launch before any reading is added. */
        String toolBase() {
            URI login = URI.create(toolLoginUrl);
            return login.getScheme() + "://" + login.getRawAuthority() + "/";
        }
    }

    private record Person(String sub, String givenName, String familyName, String role) {
        String name() {
            return givenName + " " + familyName;
        }
    }

    /** One button of the home page: who launches, and whether to pick a reading (deep linking) or open it. */
    private record Action(String label, Person person, boolean deepLinking) {
    }

    private static final Person INSTRUCTOR = new Person("ines-instructor", "Ines", "Instructor", Lti.INSTRUCTOR);
    private static final Map<String, Action> ACTIONS = new LinkedHashMap<>();
    /** The name of the platform's storage frame on the course page that embeds the tool ({@link #frame}). */
    static final String STORAGE_FRAME = "post_message_forwarding";
    private static final Pattern FRAME_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static {
        ACTIONS.put("add-reading", new Action("Add a reading (instructor, deep linking)", INSTRUCTOR, true));
        ACTIONS.put("instructor", new Action("Open the reading as the instructor", INSTRUCTOR, false));
        ACTIONS.put("sam", new Action("Open the reading as student Sam Student",
                new Person("sam-student", "Sam", "Student", Lti.LEARNER), false));
        ACTIONS.put("robin", new Action("Open the reading as student Robin Learner",
                new Person("robin-learner", "Robin", "Learner", Lti.LEARNER), false));
    }

    private final FakePlatform platform;
    private final Settings settings;

    private FakeDemo(FakePlatform platform, Settings settings) {
        this.platform = platform;
        this.settings = settings;
    }

    /** Tells the platform where Scholion is, fills the demo course and serves the demo's pages. */
    static void install(FakePlatform platform, Settings settings) {
        platform.tool(settings.toolJwksUrl(), settings.toolLoginUrl(), settings.toolLaunchUrl());
        FakeRoster roster = platform.roster(COURSE).title("History 101: Revolutions").label("HIST101");
        ACTIONS.values().stream().map(Action::person).distinct().forEach(p -> roster.put(new FakeRoster.Member(p.sub(),
                List.of(p.role()), p.name(), p.givenName(), p.familyName(), p.sub() + "@example.edu", "Active")));
        FakeDemo demo = new FakeDemo(platform, settings);
        platform.route("/", false, demo::home);
        platform.route("/launch/", true, demo::launch);
        platform.route("/frame/", true, demo::frame);
        platform.route("/gradebook", false, demo::gradebook);
        platform.route("/register-scholion", false, demo::register);
        platform.route("/roster/", true, demo::roster);
    }

    private void home(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "GET");
        ToolRegistration tool = platform.toolRegistration();
        FakeRoster roster = platform.roster(COURSE);
        PlacedLink reading = lastReading();
        StringBuilder page = start("Fake LMS");
        page.append("<h1>Fake LMS</h1><p>A stand-in for a learning management system, to try Scholion's LTI 1.3 "
                + "launches on this machine.</p>");
        page.append("<h2>Register this platform with Scholion</h2><p>Add an LTI platform in Scholion with these values, "
                + "or <a href=\"/register-scholion\" target=\"_blank\">register by dynamic registration</a> at ")
                .append(Http.escape(settings.toolRegistrationUrl())).append(".</p><table>");
        row(page, "Issuer", platform.issuer());
        row(page, "Client ID", tool.clientId());
        row(page, "Deployment ID", tool.deploymentId());
        row(page, "Authorization (OIDC login) URL", platform.authorizationUrl());
        row(page, "Access token URL", platform.tokenUrl());
        row(page, "Key set (JWKS) URL", platform.jwksUrl());
        row(page, "OpenID configuration", platform.openidConfigurationUrl());
        page.append("</table><p>This platform sends Scholion's login to ").append(Http.escape(tool.loginUrl()))
                .append(", takes id_token redirects to ").append(Http.escape(String.join(", ", tool.redirectUris())))
                .append(" and checks Scholion's signatures with the keys at ").append(Http.escape(tool.jwksUrl()))
                .append(".</p>");
        page.append("<h2>").append(Http.escape(roster.title())).append(" (").append(Http.escape(roster.label()))
                .append(")</h2><p>")
                .append(reading == null ? "No reading yet: add one first."
                        : "The reading: " + Http.escape(reading.title() == null ? reading.resourceLinkId() : reading.title()))
                .append("</p>");
        ACTIONS.forEach((key, action) -> page.append("<form method=\"get\" action=\"/launch/").append(Http.escape(key))
                .append("\" target=\"_blank\"><button type=\"submit\">").append(Http.escape(action.label()))
                .append("</button></form>"));
        page.append("<p>In the course page, as an LMS shows an activity (Scholion in a frame):</p><ul>");
        ACTIONS.forEach((key, action) -> {
            if (!action.deepLinking()) {
                page.append("<li><a href=\"/frame/").append(Http.escape(key)).append("\">").append(Http.escape(action.label()))
                        .append("</a> (<a href=\"/frame/").append(Http.escape(key))
                        .append("?storage=off\">without the platform's storage</a>)</li>");
            }
        });
        page.append("</ul>");
        page.append("<h2>The roster</h2><p>What the course's membership service (NRPS) lists; Scholion follows it at its next"
                + " roster sync.</p><table>");
        for (FakeRoster.Member m : roster.members()) {
            boolean active = "Active".equals(m.status());
            page.append("<tr><td>").append(Http.escape(m.name())).append("</td><td>").append(Http.escape(m.status()))
                    .append("</td><td><form method=\"post\" action=\"/roster/").append(Http.escape(m.userId()))
                    .append(active ? "/drop" : "/readmit").append("\"><button type=\"submit\">")
                    .append(active ? "Drop " + Http.escape(m.givenName()) + " from the course" : "Put " + Http.escape(m.givenName())
                            + " back on the roster")
                    .append("</button></form></td></tr>");
        }
        page.append("</table><p><a href=\"/gradebook\">The gradebook</a></p></body></html>");
        Http.sendHtml(exchange, 200, page.toString());
    }

    /** Drops a member from the demo course (Inactive, as an LMS marks a withdrawn student) or puts them back. */
    private void roster(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "POST");
        String[] parts = exchange.getRequestURI().getRawPath().substring("/roster/".length()).split("/");
        FakeRoster roster = platform.roster(COURSE);
        if (parts.length != 2 || roster.member(parts[0]) == null || !(parts[1].equals("drop") || parts[1].equals("readmit"))) {
            throw Http.Failure.text(404, "No such member or action");
        }
        roster.status(parts[0], parts[1].equals("drop") ? "Inactive" : "Active");
        Http.redirect(exchange, "/");
    }

    /**
     * Builds the launch when the button is pressed, so that it opens the reading added last, and starts the login.
     * Query parameters, for a page that embeds the tool ({@link #frame}): {@code target} is the launch's
     * launch_presentation document_target ("iframe" or "window"; the launch's default otherwise), {@code storage}
     * the name of the platform's storage frame, sent as the initiation's {@code lti_storage_target}.
     */
    private void launch(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "GET");
        Action action = ACTIONS.get(exchange.getRequestURI().getRawPath().substring("/launch/".length()));
        if (action == null) {
            throw Http.Failure.text(404, "No such launch");
        }
        Map<String, String> query = Http.query(exchange);
        String target = query.get("target");
        if (target != null && !target.equals("iframe") && !target.equals("window")) {
            throw Http.Failure.text(400, "target is iframe or window");
        }
        String storage = query.get("storage");
        if (storage != null && !FRAME_NAME.matcher(storage).matches()) {
            throw Http.Failure.text(400, "storage names a frame: letters, digits, _ and -");
        }
        Person person = action.person();
        FakeLaunch launch = action.deepLinking() ? platform.deepLinking(COURSE, person.sub())
                : platform.resourceLink(COURSE, person.sub());
        launch.roles(person.role()).name(person.name()).givenName(person.givenName()).familyName(person.familyName())
                .email(person.sub() + "@example.edu");
        if (!action.deepLinking()) {
            PlacedLink reading = lastReading();
            launch.targetLinkUri(settings.toolBase());
            if (reading != null) {
                launch.resourceLinkId(reading.resourceLinkId());
                if (reading.title() != null) {
                    launch.resourceLinkTitle(reading.title());
                }
                if (reading.url() != null) {
                    launch.targetLinkUri(reading.url());
                }
                reading.custom().forEach(launch::custom);
                if (reading.lineItemUrl() != null) {
                    launch.lineItem(reading.lineItemUrl());
                }
            }
        }
        if (target != null) {
            launch.documentTarget(target);
        }
        Map<String, String> initiation = new LinkedHashMap<>(platform.initiation(launch));
        if (storage != null) {
            initiation.put("lti_storage_target", storage);
        }
        Http.redirect(exchange, withQuery(platform.toolRegistration().loginUrl(), initiation));
    }

    /**
     * The course page with the tool in it, as an LMS shows an activity: {@code /frame/{who}} embeds the launch of
     * {@code /launch/{who}} in an iframe ({@code id="tool"}) with document_target "iframe", next to the platform's
     * storage frame (hidden, named {@value #STORAGE_FRAME}) that the initiation names in lti_storage_target. With
     * {@code ?storage=off} there is no storage frame and no lti_storage_target: the tool has only its cookies.
     * The launch starts once the storage frame has loaded, so that it is listening before the tool's login page asks.
     */
    private void frame(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "GET");
        String who = exchange.getRequestURI().getRawPath().substring("/frame/".length());
        Action action = ACTIONS.get(who);
        if (action == null) {
            throw Http.Failure.text(404, "No such launch");
        }
        boolean storage = !"off".equals(Http.query(exchange).get("storage"));
        String launchUrl = "/launch/" + Http.segment(who) + "?target=iframe" + (storage ? "&storage=" + STORAGE_FRAME : "");
        StringBuilder page = start(platform.roster(COURSE).title());
        page.append("<h1>").append(Http.escape(platform.roster(COURSE).title())).append("</h1><p>")
                .append(Http.escape(action.label())).append(", in this page")
                .append(storage ? " (with the platform's storage)." : " (without the platform's storage).").append("</p>");
        if (storage) {
            page.append("<iframe id=\"").append(STORAGE_FRAME).append("\" name=\"").append(STORAGE_FRAME).append("\" src=\"")
                    .append(Http.escape(PlatformStorage.PATH)).append("\" title=\"Platform storage\" hidden></iframe>");
            page.append("<iframe id=\"tool\" name=\"tool\" title=\"Scholion\" width=\"1200\" height=\"700\" data-src=\"")
                    .append(Http.escape(launchUrl)).append("\"></iframe>");
            page.append("<script>const tool = document.getElementById('tool');"
                    + " document.getElementById('").append(STORAGE_FRAME).append("').addEventListener('load',"
                    + " () => { tool.src = tool.dataset.src; }, {once: true});</script>");
        } else {
            page.append("<iframe id=\"tool\" name=\"tool\" title=\"Scholion\" width=\"1200\" height=\"700\" src=\"")
                    .append(Http.escape(launchUrl)).append("\"></iframe>");
        }
        page.append("<p><a href=\"/\">Back to the course</a></p></body></html>");
        Http.sendHtml(exchange, 200, page.toString());
    }

    private void register(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "GET");
        Http.redirect(exchange, withQuery(settings.toolRegistrationUrl(), platform.registrationStart()));
    }

    private void gradebook(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "GET");
        StringBuilder page = start("Gradebook");
        page.append("<h1>Gradebook</h1><table><tr><th>Line item</th><th>Student</th><th>Score</th><th>Activity</th>"
                + "<th>Grading</th><th>Timestamp</th><th>Comment</th></tr>");
        platform.gradebook().forEach((item, scores) -> scores.forEach(score -> {
            FakeRoster.Member member = platform.roster(item.contextId()).member(score.userId());
            page.append("<tr><td>").append(Http.escape(item.label()))
                    .append("</td><td>").append(Http.escape(member == null ? score.userId() : member.name()))
                    .append("</td><td>").append(score.scoreGiven() == null ? ""
                            : Http.escape(score.scoreGiven() + " / " + score.scoreMaximum()))
                    .append("</td><td>").append(Http.escape(score.activityProgress()))
                    .append("</td><td>").append(Http.escape(score.gradingProgress()))
                    .append("</td><td>").append(Http.escape(score.timestamp()))
                    .append("</td><td>").append(score.comment() == null ? "" : Http.escape(score.comment()))
                    .append("</td></tr>");
        }));
        page.append("</table><p><a href=\"/\">Back to the course</a></p></body></html>");
        Http.sendHtml(exchange, 200, page.toString());
    }

    private PlacedLink lastReading() {
        List<PlacedLink> links = platform.placedLinks().stream().filter(l -> l.contextId().equals(COURSE)).toList();
        return links.isEmpty() ? null : links.get(links.size() - 1);
    }

    private static StringBuilder start(String title) {
        return new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Http.escape(title)).append("</title></head><body>");
    }

    private static void row(StringBuilder page, String name, String value) {
        page.append("<tr><th>").append(Http.escape(name)).append("</th><td><code>").append(Http.escape(value))
                .append("</code></td></tr>");
    }

    private static String withQuery(String url, Map<String, String> params) {
        return url + (url.contains("?") ? "&" : "?") + Http.formEncode(params);
    }
}
