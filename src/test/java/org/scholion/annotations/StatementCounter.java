package org.scholion.annotations;

import io.quarkus.arc.Arc;
import org.scholion.domain.NamedSql;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * Counts the JDBC statements a piece of a test runs: those Hibernate prepares (statistics are on in
 * %test) and those of {@link NamedSql}, the plain-JDBC reads of the hottest paths.
 */
final class StatementCounter {
    private StatementCounter() {
    }

    static synchronized long statementsOf(Runnable r) {
        Statistics stats = Arc.container().instance(SessionFactory.class).get().getStatistics();
        stats.clear();
        long plain = NamedSql.EXECUTED.get();
        r.run();
        return stats.getPrepareStatementCount() + NamedSql.EXECUTED.get() - plain;
    }
}
