package org.scholion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical path on top of Vert.x's normalised one (which already decoded %61 and removed plain dot segments). */
class RequestPathTest {

    @ParameterizedTest
    @CsvSource({
            "/api/groups, /api/groups",
            "//api/groups, /api/groups",
            "/api//groups///x, /api/groups/x",
            "/api;x=1/groups, /api/groups",
            "/api/groups;a=b;c=d/x, /api/groups/x",
            "/x/..;a=b/api/groups, /api/groups",
            "/./api/./groups, /api/groups",
            "/api/documents/e/annotations/, /api/documents/e/annotations/",
            "/, /",
            "'', /",
            "/..;x/../api/, /api/",
    })
    void canonicalPathIsWhatTheResourceMatcherSees(String normalized, String canonical) {
        assertEquals(canonical, RequestPath.canonical(normalized));
    }
}
