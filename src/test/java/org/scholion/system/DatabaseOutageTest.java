package org.scholion.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The failures that mean "try again shortly" (503), as JDBC and Hibernate wrap them, and those that are bugs (500). */
class DatabaseOutageTest {

    private static Throwable wrapped(SQLException e) {
        return new PersistenceException("could not execute statement", new RuntimeException("JDBC exception", e));
    }

    @Test
    void connectionLossRecoveryAndBoundedWaitsAreOutages() {
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("An I/O error occurred while sending to the backend.", "08006"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("Connection refused", "08001"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("the database system is in recovery mode", "57P03"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("canceling statement due to statement timeout", "57014"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("canceling statement due to lock timeout", "55P03"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("sorry, too many clients already", "53300"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(DatabaseOutage.is(wrapped(new SQLException("Acquisition timeout while waiting for new connection"))));
        assertTrue(DatabaseOutage.is(new RuntimeException(new jakarta.transaction.RollbackException("ARJUNA016102"))));
        assertTrue(DatabaseOutage.is(new org.hibernate.exception.GenericJDBCException("Unable to acquire JDBC Connection",
                new SQLException("Something unusual has occurred to cause the driver to fail.", "XX000"))));
    }

    @Test
    void bugsAndBadDataAreNot() {
        assertFalse(DatabaseOutage.is(wrapped(new SQLException("duplicate key value violates unique constraint", "23505"))));
        assertFalse(DatabaseOutage.is(wrapped(new SQLException("syntax error at or near", "42601"))));
        assertFalse(DatabaseOutage.is(wrapped(new SQLException("deadlock detected", "40P01"))));
        assertFalse(DatabaseOutage.is(new IllegalStateException("a bug")));
    }
}
