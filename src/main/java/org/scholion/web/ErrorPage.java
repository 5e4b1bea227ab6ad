package org.scholion.web;

/** The HTML a browser gets instead of problem+json when it asked for a page. */
final class ErrorPage {
    private ErrorPage() {
    }

    static String render(Problem p) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%d %s · Scholion</title>
                <link rel="stylesheet" href="/css/scholion.css"></head>
                <body><main class="page"><h1>%s</h1><p>%s</p><p><a href="/">Back to the documents</a></p></main></body></html>
                """.formatted(p.status(), escape(p.title()), escape(p.title()), escape(p.detail()));
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
