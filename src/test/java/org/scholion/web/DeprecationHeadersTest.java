package org.scholion.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, versioning: "deprecated operations answer with Deprecation and Sunset headers".
 * RFC 9745 §2.1: "Deprecation = Date" — a Structured Field Date, e.g. {@code Deprecation: @1688169599};
 * RFC 8594 §3: "Sunset = HTTP-date", e.g. {@code Sunset: Sat, 31 Dec 2018 23:59:59 GMT}; RFC 9745 §3:
 * the {@code deprecation} link relation points to what the deprecation is about; RFC 9745 §5: the
 * Sunset "should not be earlier than the Deprecation".
 */
@QuarkusTest
class DeprecationHeadersTest {
    @Test
    void aRetiringOperationSaysWhenAndWhereEveryOtherSaysNothing() {
        // 2026-07-01T00:00:00Z is 1,782,864,000 seconds after the epoch; 2027-01-31 is a Sunday
        given().get("/api/test-retiring/old").then().statusCode(200)
                .header("Deprecation", equalTo("@1782864000"))
                .header("Sunset", equalTo("Sun, 31 Jan 2027 00:00:00 GMT"))
                .header("Link", equalTo("</README.md#versioning>; rel=\"deprecation\"; type=\"text/html\""));
        given().get("/api/test-retiring/current").then().statusCode(200)
                .header("Deprecation", nullValue()).header("Sunset", nullValue());
        given().get("/api/documents").then().header("Deprecation", nullValue());
        // and the document marks it (java.lang.Deprecated beside it), the other not
        given().accept("application/json").get("/openapi").then().statusCode(200)
                .body("paths.'/api/test-retiring/old'.get.deprecated", equalTo(true))
                .body("paths.'/api/test-retiring/current'.get.deprecated", nullValue());
    }

    @Test
    void aSunsetBeforeItsDeprecationIsRefused() {
        Retiring contradiction = new Retiring() {
            public String deprecated() {
                return "2027-02-01";
            }

            public String sunset() {
                return "2027-01-01";
            }

            public String link() {
                return "/x";
            }

            public Class<? extends Annotation> annotationType() {
                return Retiring.class;
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeprecationHeaders.Headers.of(contradiction));
        assertEquals("@Retiring: sunset 2027-01-01 is before deprecated 2027-02-01", e.getMessage());
    }
}
