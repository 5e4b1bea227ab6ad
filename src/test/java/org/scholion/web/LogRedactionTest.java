package org.scholion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogRedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http method=GET path=/join/K7QM2XRT9HPA status=200 | http method=GET path=/join/<redacted> status=200",
            "path=//join//K7QM2XRT9HPA/x | path=//join//<redacted>/x",
            "path=/%6Aoin/K7QM2XRT9HPA | path=/%6Aoin/<redacted>",
            "path=/JOIN/k7qm2xrt9hpa?x | path=/JOIN/<redacted>?x",
            "path=/api/groups/join status=201 | path=/api/groups/join status=201",
            "path=/read/joint-essay | path=/read/joint-essay",
    })
    void joinCodesInPathsAreRedacted(String line, String logged) {
        assertEquals(logged, LogRedaction.path(line));
    }

    @Test
    void quarkusOwnLinesAreRedactedByTheHandlerFilter() {
        ExtLogRecord r = new ExtLogRecord(Level.SEVERE, "HTTP Request to %s failed, error id: %s", ExtLogRecord.FormatStyle.PRINTF,
                "io.quarkus.vertx.http.runtime.QuarkusErrorHandler");
        r.setParameters(new Object[] { "/join/K7QM2XRT9HPA", "1234" });
        new RedactingLogFilter().isLoggable(r);
        assertEquals("HTTP Request to /join/<redacted> failed, error id: 1234", r.getFormattedMessage());
        assertFalse(r.getFormattedMessage().contains("K7QM2XRT9HPA"));
    }
}
