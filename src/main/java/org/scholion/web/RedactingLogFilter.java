package org.scholion.web;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The last line of defence for {@link LogRedaction}: every record that reaches the console (or
 * file) handler is rewritten without join codes, including Quarkus' own lines (for instance
 * "HTTP Request to /join/… failed" from its error handler). Our own lines redact themselves first.
 */
@LoggingFilter(name = "scholion-redact")
public final class RedactingLogFilter implements Filter {
    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (formatted != null) {
            String redacted = LogRedaction.path(formatted);
            if (!redacted.equals(formatted)) {
                if (record instanceof ExtLogRecord ext) {
                    ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                } else {
                    record.setMessage(redacted);
                }
                record.setParameters(null);
            }
        }
        return true;
    }
}
