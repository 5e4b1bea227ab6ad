import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.scholion.devstack.lti.FakeLaunch;
import org.scholion.devstack.lti.FakePlatform;
import org.scholion.devstack.lti.FakeRoster;

/**
 * Issue 23's targets against a running Scholion and the fake platform (started here, on 127.0.0.1):
 * <ul>
 * <li>a launch (login → the platform's authorization → launch → completion), the platform's keys cached,
 * against opening the reader it leads to, signed in (the floor: what the student waits for anyway);
 * <li>roster sync of a 300-student course (first: 300 new students; again: nothing changed; 30 dropped).
 * </ul>
 * Times are measured by this client on loopback: each includes the client's own share of the round trip,
 * so they bound the server's time from above. Usage: java -cp … LtiBench BASE ADMIN_TOKEN LAUNCHES
 */
public final class LtiBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern INPUT = Pattern.compile("<input type=\"hidden\" name=\"(id_token|state|handle)\" value=\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String admin = args[1];
        int launches = Integer.parseInt(args[2]);
        try (FakePlatform platform = FakePlatform.start(0)) {
            platform.tool(base + "/lti/jwks", base + "/lti/login", base + "/lti/launch");
            register(base, admin, platform);

            String course = "bench-" + UUID.randomUUID();
            // one instructor's launch makes the course's group
            Map<String, String> teacher = new HashMap<>();
            String group = launch(base, platform, platform.resourceLink(course, "teacher").instructor().nrps(false).ags(false)
                    .documentTarget("window").targetLinkUri(base + "/read/red-terror-essay"), teacher, null);
            group = group.substring(group.indexOf("group=") + 6);

            // launches of returning students (keys cached, users known) and of new ones
            List<Double> returning = new ArrayList<>();
            List<Double> fresh = new ArrayList<>();
            List<Double> reader = new ArrayList<>();
            for (int i = 0; i < launches + 20; i++) {
                String sub = "student-" + (i % 20);
                boolean warm = i < 20;
                double[] t = new double[1];
                Map<String, String> cookies = new HashMap<>();
                launch(base, platform, platform.resourceLink(course, sub).learner().name("Student " + i).nrps(false).ags(false)
                        .documentTarget("window").targetLinkUri(base + "/read/red-terror-essay"), cookies, t);
                if (!warm) {
                    returning.add(t[0]);
                    reader.add(timed(() -> get(base + "/read/red-terror-essay?group=x", cookies)));
                }
                double[] tf = new double[1];
                launch(base, platform, platform.resourceLink(course, "new-" + UUID.randomUUID()).learner().nrps(false).ags(false)
                        .documentTarget("window").targetLinkUri(base + "/read/red-terror-essay"), new HashMap<>(), tf);
                if (!warm) {
                    fresh.add(tf[0]);
                }
            }
            report("launch, returning student (login+launch+complete)", returning);
            report("launch, new student (user, membership made)", fresh);
            report("floor: opening the reader, signed in", reader);
            System.out.printf("jwks fetches by Scholion during the run: %d (keys cached)%n", platform.jwksFetches());

            // roster sync of a 300-student course
            String big = "roster-" + UUID.randomUUID();
            FakeRoster roster = platform.roster(big).title("Big lecture").label("BIG300");
            roster.put(FakeRoster.Member.instructor("big-teacher", "Big", "Teacher"));
            String bigGroup = launch(base, platform, platform.resourceLink(big, "big-teacher").instructor().ags(false).documentTarget("window")
                    .targetLinkUri(base + "/read/red-terror-essay"), new HashMap<>(), null);
            bigGroup = bigGroup.substring(bigGroup.indexOf("group=") + 6);
            Thread.sleep(3000); // the launch's own background sync (of the instructor alone) is done
            // then the course fills: 300 students the sync has never seen (users, accounts and memberships to make)
            for (int i = 0; i < 300; i++) {
                roster.put(FakeRoster.Member.learner("big-" + i, "Student", String.valueOf(i)));
            }
            String url = base + "/api/groups/" + bigGroup + "/lti/roster-sync";
            System.out.printf("%-52s %s%n", "roster sync, 300 students (first)", sync(url, admin));
            System.out.printf("%-52s %s%n", "roster sync, 300 students (nothing changed)", sync(url, admin));
            for (int i = 0; i < 30; i++) {
                roster.remove("big-" + i);
            }
            System.out.printf("%-52s %s%n", "roster sync, 300 students (30 dropped)", sync(url, admin));
            for (int i = 0; i < 30; i++) {
                roster.put(FakeRoster.Member.learner("big-" + i, "Student", String.valueOf(i)));
            }
            System.out.printf("%-52s %s%n", "roster sync, 300 students (30 back)", sync(url, admin));
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static double timed(Call c) throws Exception {
        long t0 = System.nanoTime();
        c.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** One launch through; the completion's Location. {@code time[0]}: the ms of Scholion's three requests (not the platform's). */
    private static String launch(String base, FakePlatform platform, FakeLaunch l, Map<String, String> cookies, double[] time) throws Exception {
        Map<String, String> init = platform.initiation(l);
        String query = init.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        long t0 = System.nanoTime();
        HttpResponse<String> login = get(base + "/lti/login?" + query, cookies);
        long t1 = System.nanoTime();
        HttpResponse<String> auth = HTTP.send(HttpRequest.newBuilder(URI.create(login.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> form = inputs(auth.body());
        long t2 = System.nanoTime();
        HttpResponse<String> launched = post(base + "/lti/launch", Map.of("id_token", form.get("id_token"), "state", form.get("state")), Map.of());
        HttpResponse<String> done = post(base + "/lti/launch/complete", Map.of("handle", inputs(launched.body()).get("handle")), cookies);
        long t3 = System.nanoTime();
        if (done.statusCode() != 303) {
            throw new IllegalStateException("launch answered " + done.statusCode() + ": " + done.body());
        }
        if (time != null) {
            time[0] = ((t1 - t0) + (t3 - t2)) / 1e6;
        }
        return done.headers().firstValue("Location").orElseThrow();
    }

    private static String sync(String url, String admin) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return String.format("%7.0f ms  %d %s", (System.nanoTime() - t0) / 1e6, r.statusCode(), r.body());
    }

    private static void register(String base, String admin, FakePlatform p) throws Exception {
        String body = String.format("{\"name\":\"Bench LMS\",\"issuer\":\"%s\",\"clientId\":\"%s\",\"deploymentIds\":[\"%s\"],"
                + "\"authorizationUrl\":\"%s\",\"tokenUrl\":\"%s\",\"jwksUrl\":\"%s\"}", p.issuer(), p.clientId(), p.deploymentId(),
                p.authorizationUrl(), p.tokenUrl(), p.jwksUrl());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/lti/platforms"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registering the platform answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static HttpResponse<String> get(String url, Map<String, String> cookies) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html");
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookieHeader(cookies));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        keep(r, cookies);
        return r;
    }

    private static HttpResponse<String> post(String url, Map<String, String> form, Map<String, String> cookies) throws Exception {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body));
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookieHeader(cookies));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (cookies instanceof HashMap) {
            keep(r, cookies);
        }
        return r;
    }

    private static void keep(HttpResponse<String> r, Map<String, String> cookies) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
    }

    private static String cookieHeader(Map<String, String> cookies) {
        return cookies.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private static Map<String, String> inputs(String html) {
        Map<String, String> out = new HashMap<>();
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void report(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("%-52s n=%d  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms%n", what, s.size(), s.get(s.size() / 2),
                s.get((int) (s.size() * 0.9)), s.get(Math.min(s.size() - 1, (int) (s.size() * 0.99))));
    }
}
