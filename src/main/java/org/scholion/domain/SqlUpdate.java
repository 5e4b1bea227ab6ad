package org.scholion.domain;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One write statement (INSERT, UPDATE) run on a pooled connection with plain JDBC, its parameters
 * bound by the caller, answering how many rows it changed. The webhooks, their sender and the API
 * tokens each had this same dozen lines; here once. Outside a transaction the statement commits when
 * it returns; inside one the pool hands out the transaction's connection, as for {@link NamedSql}.
 *
 * <p>A failure is an {@link IllegalStateException} saying what could not be done, with the
 * {@link SQLException} kept as its cause (DatabaseOutage tells an outage, 503, from a bug by it).
 * The caller decides what a count means (0: not found, a conflict…) after the statement is done, so
 * that a domain error it throws is never taken for a database failure.
 */
public final class SqlUpdate {
    private SqlUpdate() {
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code sql} with the parameters {@code binder} sets; the rows changed.
     *
     * @param what what the statement does, for the failure's message ("could not " + what)
     */
    public static int run(AgroalDataSource db, String what, String sql, Binder binder) {
        try (Connection c = db.getConnection()) {
            return run(c, sql, binder);
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} on a connection the caller holds (its own transaction); SQLException is the caller's. */
    public static int run(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }
}
