package org.scholion.annotations;

import io.quarkus.arc.Arc;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/** Counts the JDBC statements Hibernate prepares while a piece of a test runs (statistics are on in %test). */
final class StatementCounter {
    private StatementCounter() {
    }

    static synchronized long statementsOf(Runnable r) {
        Statistics stats = Arc.container().instance(SessionFactory.class).get().getStatistics();
        stats.clear();
        r.run();
        return stats.getPrepareStatementCount();
    }
}
