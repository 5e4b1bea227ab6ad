package org.scholion.security;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A condition on a viewer and an annotation that can be decided two ways from one definition: in
 * Java for one annotation already loaded ({@link #test}), and as an SQL predicate over the
 * {@code annotation a} rows of a query ({@link #sql}, with the viewer's id bound as
 * {@code :viewer}). Only the {@link Leaf leaves} are written in both languages, each a single
 * fact; how the facts combine — the actual rule — is written once, with {@link #and}, {@link #or}
 * and {@link #not} (see {@link Visibility}). {@code VisibilityAgreementTest} runs every leaf and
 * rule through both paths against real rows.
 */
public sealed interface Rule {

    boolean test(UserRef viewer, Target.Annotation a);

    /** The predicate as SQL over the alias {@code a}; viewer facts known in Java become literals. */
    String sql(UserRef viewer);

    static Rule and(Rule... rules) {
        return new All(List.of(rules));
    }

    static Rule or(Rule... rules) {
        return new Any(List.of(rules));
    }

    static Rule not(Rule rule) {
        return new Not(rule);
    }

    /**
     * One fact, in both languages.
     *
     * @param name for messages and tests
     */
    record Leaf(String name, BiPredicate<UserRef, Target.Annotation> java, Function<UserRef, String> sqlOf) implements Rule {
        @Override
        public boolean test(UserRef viewer, Target.Annotation a) {
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

    record All(List<Rule> rules) implements Rule {
        @Override
        public boolean test(UserRef viewer, Target.Annotation a) {
            return rules.stream().allMatch(r -> r.test(viewer, a));
        }

        @Override
        public String sql(UserRef viewer) {
            return rules.stream().map(r -> r.sql(viewer)).collect(Collectors.joining(" AND ", "(", ")"));
        }
    }

    record Any(List<Rule> rules) implements Rule {
        @Override
        public boolean test(UserRef viewer, Target.Annotation a) {
            return rules.stream().anyMatch(r -> r.test(viewer, a));
        }

        @Override
        public String sql(UserRef viewer) {
            return rules.stream().map(r -> r.sql(viewer)).collect(Collectors.joining(" OR ", "(", ")"));
        }
    }

    record Not(Rule rule) implements Rule {
        @Override
        public boolean test(UserRef viewer, Target.Annotation a) {
            return !rule.test(viewer, a);
        }

        @Override
        public String sql(UserRef viewer) {
            return "(NOT " + rule.sql(viewer) + ")";
        }
    }
}
