package org.scholion.devstack.lti;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The platform's client-side storage (1EdTech "LTI Client Side postMessages" with its "postMessage Storage"
 * extension, used by "OIDC Login with LTI Client Side postMessages"): a page of the platform's origin, shown in a
 * hidden frame that a page embedding the tool names in the login initiation's {@code lti_storage_target}. A tool's
 * page in the next frame reaches it as {@code window.parent.frames[lti_storage_target]} and sends it
 * {@code lti.put_data} and {@code lti.get_data}; it answers {@code <subject>.response} with the request's
 * {@code message_id} and {@code key}, and the {@code value} (or an {@code error}), to {@code event.source} with
 * targetOrigin {@code event.origin}.
 *
 * <p>The values are kept in the frame's memory, apart for each sending origin, and only messages from the
 * registered tool's origin (its login URL's) are answered: another origin's message is refused without an
 * answer. The frame reports each message it saw to {@code /lti-storage/log}, so that tests can look
 * ({@link FakePlatform#storageMessages()}).
 */
final class PlatformStorage {
    static final String PATH = "/lti-storage";

    private final Supplier<ToolRegistration> tool;
    private final List<StorageMessage> messages = new CopyOnWriteArrayList<>();

    PlatformStorage(Supplier<ToolRegistration> tool) {
        this.tool = tool;
    }

    List<StorageMessage> messages() {
        return List.copyOf(messages);
    }

    /** The registered tool's origin: where its login page, hence its messages, come from; null if not told. */
    String toolOrigin() {
        String login = tool.get().loginUrl();
        if (login == null) {
            return null;
        }
        URI u = URI.create(login);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    /** GET /lti-storage: the storage frame's page; POST /lti-storage/log: what it saw. */
    void handle(HttpExchange exchange) throws Exception {
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals(PATH)) {
            Http.requireMethod(exchange, "GET");
            Http.sendHtml(exchange, 200, page(toolOrigin()));
        } else if (path.equals(PATH + "/log")) {
            Http.requireMethod(exchange, "POST");
            Http.requireMediaType(exchange, "application/json");
            JsonNode m = Http.JSON.readTree(Http.body(exchange));
            messages.add(new StorageMessage(text(m, "subject"), text(m, "origin"), text(m, "key"), text(m, "value"),
                    m.path("accepted").asBoolean(false)));
            Http.send(exchange, 204, "text/plain", "");
        } else {
            throw Http.Failure.text(404, "Nothing at " + path);
        }
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * The frame's page. Its script is inline (the fake platform sends no CSP); the tool's origin is a JSON string
     * in it, with {@code <} escaped so that no value can close the script element.
     */
    static String page(String toolOrigin) {
        String origin = Http.json(toolOrigin).replace("<", "\\u003c");
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Platform storage</title></head><body>"
                + "<script>\n"
                + "const TOOL_ORIGIN = " + origin + ";\n"
                + """
                // values kept apart for each origin that stored them: a tool reads only its own
                const stored = new Map();
                function log(entry) {
                  fetch('/lti-storage/log', {method: 'POST', keepalive: true, headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify(entry)}).catch(() => {});
                }
                window.addEventListener('message', event => {
                  const m = event.data;
                  if (!m || typeof m !== 'object' || typeof m.subject !== 'string' || !m.subject.startsWith('lti.')) return;
                  const entry = {subject: m.subject, origin: event.origin, key: typeof m.key === 'string' ? m.key : null,
                    value: null, accepted: false};
                  // only the registered tool's pages may use this storage; anything else gets no answer
                  if (event.origin !== TOOL_ORIGIN || !event.source) { log(entry); return; }
                  const mine = stored.get(event.origin) || new Map();
                  stored.set(event.origin, mine);
                  const answer = {subject: m.subject + '.response', message_id: m.message_id, key: m.key};
                  if (m.subject === 'lti.capabilities') {
                    answer.supported_messages = [{subject: 'lti.put_data', frame: window.name},
                      {subject: 'lti.get_data', frame: window.name}];
                    entry.accepted = true;
                  } else if (typeof m.key !== 'string' || !m.key) {
                    answer.error = {code: 'bad_request', message: 'key is required'};
                  } else if (m.subject === 'lti.put_data') {
                    if (typeof m.value !== 'string') {
                      answer.error = {code: 'bad_request', message: 'value must be a string'};
                    } else {
                      mine.set(m.key, m.value);
                      answer.value = m.value;
                      entry.value = m.value;
                      entry.accepted = true;
                    }
                  } else if (m.subject === 'lti.get_data') {
                    if (mine.has(m.key)) {
                      answer.value = mine.get(m.key);
                      entry.value = answer.value;
                    } else {
                      answer.value = null;
                    }
                    entry.accepted = true;
                  } else {
                    answer.error = {code: 'unsupported_subject', message: 'unsupported: ' + m.subject};
                  }
                  // the answer goes back to the sender only, to its origin
                  event.source.postMessage(answer, event.origin);
                  log(entry);
                });
                </script></body></html>""";
    }
}
