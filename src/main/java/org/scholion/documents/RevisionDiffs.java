package org.scholion.documents;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The word-by-word difference between two revisions' texts, for people to read (java-diff-utils). */
final class RevisionDiffs {
    private static final Pattern TOKEN = Pattern.compile("\\s+|[\\p{L}\\p{N}\\p{M}]+|.", Pattern.DOTALL);

    private RevisionDiffs() {
    }

    @Schema(name = "RevisionDiffRun", description = "A run of text: the same in both, only in the older (delete) or only in the newer (insert)")
    record Run(@Schema(enumeration = { "equal", "delete", "insert" }) String op, String text) {
    }

    @Schema(name = "RevisionDiff", description = "Revision `from` turned into revision `to`")
    record Diff(int from, int to, List<Run> runs) {
    }

    static Diff between(DocumentRevision from, DocumentRevision to) {
        List<String> a = tokens(from.body);
        List<String> b = tokens(to.body);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<Run> runs = new ArrayList<>();
        int at = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            add(runs, "equal", a.subList(at, d.getSource().getPosition()));
            add(runs, "delete", d.getSource().getLines());
            add(runs, "insert", d.getTarget().getLines());
            at = d.getSource().getPosition() + d.getSource().size();
        }
        add(runs, "equal", a.subList(at, a.size()));
        return new Diff(from.n, to.n, runs);
    }

    private static void add(List<Run> runs, String op, List<String> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        String text = String.join("", tokens);
        if (!runs.isEmpty() && runs.get(runs.size() - 1).op().equals(op)) {
            Run last = runs.remove(runs.size() - 1);
            text = last.text() + text;
        }
        runs.add(new Run(op, text));
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
