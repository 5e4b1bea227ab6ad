package org.scholion.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.scholion.testing.Browser;
import org.scholion.testing.TestStack;

/**
 * The reader's Markdown sanitiser, in the browser it runs in: only the allowlisted elements and
 * attributes survive, whatever a comment tries (each forbidden element and attribute below is
 * tried on its own).
 */
@QuarkusTest
class SanitizerBrowserTest {
    static final Set<String> ALLOWED_TAGS = Set.of("p", "br", "hr", "strong", "b", "em", "i", "del", "s", "sub", "sup", "code",
            "pre", "blockquote", "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td");
    /** rel and target are what the link hook sets; the rest is the allowlist. */
    static final Set<String> ALLOWED_ATTRS = Set.of("href", "title", "start", "align", "rel", "target");

    static final List<String> ATTEMPTS = List.of(
            "<dialog open>dialog</dialog>", "<div popover>popover</div>", "<p popover=\"manual\">popover</p>",
            "<button popovertarget=\"x\">button</button>", "<marquee>marquee</marquee>", "<font color=\"red\" face=\"x\">font</font>",
            "<p data-x=\"1\" data-scholion-user=\"ines\">data</p>", "<p role=\"alert\">role</p>", "<a role=\"button\" href=\"https://e.example\">role</a>",
            "<p aria-label=\"Instructor\" aria-hidden=\"true\">aria</p>", "<details open><summary>s</summary>d</details>",
            "<img src=\"x\" onerror=\"alert(1)\">", "<svg><script>alert(1)</script></svg>", "<math><mi>x</mi></math>",
            "<form action=\"https://e.example\"><input name=\"p\"><textarea>t</textarea><select></select></form>",
            "<style>body{display:none}</style>", "<iframe src=\"https://e.example\"></iframe>", "<object data=\"x\"></object>",
            "<embed src=\"x\">", "<template><p>t</p></template>", "<video src=\"x\"></video>", "<audio src=\"x\"></audio>",
            "<link rel=\"stylesheet\" href=\"x\">", "<meta http-equiv=\"refresh\" content=\"0\">", "<base href=\"https://e.example\">",
            "<p class=\"card\" id=\"logout\" style=\"position:fixed\" onclick=\"alert(1)\" tabindex=\"0\" lang=\"x\" dir=\"rtl\">attrs</p>",
            "<section><article><span>containers</span></article></section>", "<center>center</center>", "<blink>blink</blink>",
            "<a href=\"javascript:alert(1)\">js</a>", "<a href=\"https://ok.example\" target=\"_self\" ping=\"https://e.example\">ok</a>",
            "<table><tr><td colspan=\"9\" align=\"left\" bgcolor=\"red\">cell</td></tr></table>",
            "**bold** _it_ ~~del~~ `code` [link](https://ok.example \"t\")\n\n1. one\n\n> quote\n\n| a | b |\n|:--|--:|\n| 1 | 2 |");

    @SuppressWarnings("unchecked")
    @Test
    void onlyAllowlistedElementsAndAttributesSurvive() throws Exception {
        try (Browser b = new Browser()) {
            // a public page of the app, so the module loads under the app's own CSP
            b.driver.get(TestStack.appUrl() + "/signed-out");
            b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
            List<String> problems = new ArrayList<>();
            for (String markup : ATTEMPTS) {
                Object result = ((JavascriptExecutor) b.driver).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        import('/js/render.js').then(m => {
                          const t = document.createElement('template');
                          t.innerHTML = m.markdown(arguments[0]);
                          done({ html: t.innerHTML, elements: [...t.content.querySelectorAll('*')].map(e =>
                            ({ tag: e.localName, attrs: [...e.attributes].map(a => a.name + '=' + a.value) })) });
                        }).catch(e => done({ error: String(e) }));""", markup);
                Map<String, Object> r = (Map<String, Object>) result;
                assertTrue(r.get("error") == null, String.valueOf(r.get("error")));
                for (Map<String, Object> e : (List<Map<String, Object>>) r.get("elements")) {
                    String tag = (String) e.get("tag");
                    if (!ALLOWED_TAGS.contains(tag)) {
                        problems.add(markup + " → <" + tag + "> in " + r.get("html"));
                    }
                    for (String attr : (List<String>) e.get("attrs")) {
                        String name = attr.substring(0, attr.indexOf('='));
                        if (!ALLOWED_ATTRS.contains(name) || attr.startsWith("href=javascript") || attr.equals("target=_self")) {
                            problems.add(markup + " → " + tag + " " + attr + " in " + r.get("html"));
                        }
                    }
                }
            }
            assertEquals(List.of(), problems);
            // and what Markdown is for still comes through
            Object html = ((JavascriptExecutor) b.driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/js/render.js').then(m => done(m.markdown(arguments[0])));""", ATTEMPTS.get(ATTEMPTS.size() - 1));
            for (String kept : List.of("<strong>bold</strong>", "<em>it</em>", "<del>del</del>", "<code>code</code>",
                    "href=\"https://ok.example", "title=\"t\"", "rel=\"noopener noreferrer\"", "<ol>", "<blockquote>", "<table>",
                    "align=\"left\"")) {
                assertTrue(String.valueOf(html).contains(kept), kept + " in " + html);
            }
        }
    }
}
