package org.scholion.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NamedSqlTest {
    @Test
    void namedParametersBecomePositionalInOrderAndCastsStay() {
        NamedSql q = NamedSql.of("SELECT :a, x::text FROM t WHERE t.id = :b AND t.v = CAST(:a AS jsonb)");
        assertEquals("SELECT ?, x::text FROM t WHERE t.id = ? AND t.v = CAST(? AS jsonb)", q.positional());
    }
}
