package org.scholion.system;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Whether a failure means "the database is not answering right now" (down, restarting, frozen,
 * out of connections, a bounded wait ran out) rather than a bug. Such a request is worth
 * retrying, so it is answered 503 with Retry-After, never 500.
 */
public final class DatabaseOutage {
    /**
     * SQLSTATE classes and codes (PostgreSQL, Appendix A): 08 connection exception, 53 insufficient
     * resources (too many connections, out of memory or disk), 57P01–57P05 admin/crash shutdown,
     * cannot connect now (recovery), idle session timeout; 57014 query canceled (statement_timeout);
     * 55P03 lock not available (lock_timeout); 25P03 idle in transaction session timeout; 40P01
     * deadlock detected is not one (it is a bug to fix, not an outage).
     */
    private static final Set<String> CODES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05", "57014", "55P03", "25P03");

    private DatabaseOutage() {
    }

    public static boolean is(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLTimeoutException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("53") || CODES.contains(state))) {
                    return true;
                }
                // Agroal: no free connection within quarkus.datasource.jdbc.acquisition-timeout (no SQLSTATE)
                if (state == null && sql.getMessage() != null
                        && sql.getMessage().toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
            // Hibernate could not get a connection at all: the pool or the server cannot give one now
            if (t instanceof org.hibernate.JDBCException && t.getMessage() != null
                    && t.getMessage().startsWith("Unable to acquire JDBC Connection")) {
                return true;
            }
            // the transaction outlived quarkus.transaction-manager.default-transaction-timeout and was rolled back
            if (t instanceof jakarta.transaction.RollbackException) {
                return true;
            }
        }
        return false;
    }
}
