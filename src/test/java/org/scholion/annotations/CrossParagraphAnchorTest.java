package org.scholion.annotations;

import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;

/** Quotes and their context come from the document, whose paragraphs are separated by line breaks. */
@QuarkusTest
class CrossParagraphAnchorTest {

    @Test
    void aQuoteAcrossTwoParagraphsWithLineBreaksInItsContextIsAccepted() {
        UUID g = GroupFixtures.group("ines", "alice");
        String text = Anno.text();
        int breakAt = text.indexOf("\n\nStalin became the leader");
        String exact = text.substring(breakAt - 20, breakAt + 20);          // spans the paragraph break
        String prefix = text.substring(breakAt - 40, breakAt - 20);
        String suffix = text.substring(breakAt + 20, breakAt + 60);
        int start = text.codePointCount(0, breakAt - 20);
        ObjectNode a = Anno.base("highlighting");
        a.put("group", g.toString());
        ObjectNode target = a.putObject("target");
        target.put("source", Anno.base() + "/api/documents/red-terror-essay");
        target.putArray("selector").addObject().put("type", "TextQuoteSelector")
                .put("exact", exact).put("prefix", prefix).put("suffix", suffix);
        Anno.post("alice", a).then().statusCode(201)
                .body("target.selector.find { it.type == 'TextPositionSelector' }.start", equalTo(start))
                .body("target.selector.find { it.type == 'TextQuoteSelector' }.exact", equalTo(exact));
    }
}
