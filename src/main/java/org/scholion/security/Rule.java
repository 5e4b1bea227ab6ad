package org.scholion.security;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A condition on a viewer and a target (an annotation, a document) that can be decided two ways
 * from one definition: in Java for one target already loaded ({@link #test}), and as an SQL
 * predicate over the rows of a query ({@link #sql}: over {@code annotation a} for annotations,
 * {@code document d} for documents, with the viewer's id bound as {@code :viewer}). Only the {@link Leaf leaves} are written in both languages, each a single
 * fact; how the facts combine — the actual rule — is written once, with {@link #and}, {@link #or}
 * and {@link #not} (see {@link Visibility}). {@code VisibilityAgreementTest} runs every leaf and
 * rule through both paths against real rows.
 */
public sealed interface Rule<T> {

    boolean test(UserRef viewer, T a);

    /** The predicate as SQL over the alias {@code a}; viewer facts known in Java become literals. */
    String sql(UserRef viewer);

    @SafeVarargs
    static <T> Rule<T> and(Rule<T>... rules) {
        return new All<>(List.of(rules));
    }

    @SafeVarargs
    static <T> Rule<T> or(Rule<T>... rules) {
        return new Any<>(List.of(rules));
    }

    static <T> Rule<T> not(Rule<T> rule) {
        return new Not<>(rule);
    }

    /**
     * One fact, in both languages.
     *
     * @param name for messages and tests
     */
    record Leaf<T>(String name, BiPredicate<UserRef, T> java, Function<UserRef, String> sqlOf) implements Rule<T> {
        @Override
        public boolean test(UserRef viewer, T a) {
            return java.test(viewer, a);
        }

        @Override
        public String sql(UserRef viewer) {
            return sqlOf.apply(viewer);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record All<T>(List<Rule<T>> rules) implements Rule<T> {
        @Override
        public boolean test(UserRef viewer, T a) {
            return rules.stream().allMatch(r -> r.test(viewer, a));
        }

        @Override
        public String sql(UserRef viewer) {
            return rules.stream().map(r -> r.sql(viewer)).collect(Collectors.joining(" AND ", "(", ")"));
        }
    }

    record Any<T>(List<Rule<T>> rules) implements Rule<T> {
        @Override
        public boolean test(UserRef viewer, T a) {
            return rules.stream().anyMatch(r -> r.test(viewer, a));
        }

        @Override
        public String sql(UserRef viewer) {
            return rules.stream().map(r -> r.sql(viewer)).collect(Collectors.joining(" OR ", "(", ")"));
        }
    }

    record Not<T>(Rule<T> rule) implements Rule<T> {
        @Override
        public boolean test(UserRef viewer, T a) {
            return !rule.test(viewer, a);
        }

        @Override
        public String sql(UserRef viewer) {
            return "(NOT " + rule.sql(viewer) + ")";
        }
    }
}
