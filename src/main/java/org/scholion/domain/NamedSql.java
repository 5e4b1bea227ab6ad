package org.scholion.domain;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-row query with named parameters ({@code :viewer}) run on a pooled connection with plain
 * JDBC, for the hottest read of the annotation paths (the container's fingerprint, on every page
 * GET and every 304): through Hibernate the same statement cost more than the query itself in a JFR
 * profile (a session per request, the native query parsed and bound each time). Inside a
 * transaction the pool hands out the transaction's connection, as Hibernate would.
 *
 * <p>Parameters are {@code :name} outside casts ({@code ::type} is left alone); the SQL must hold no
 * string literals with colons. The positional form of each statement is kept (a statement's text
 * comes from a few fixed shapes, so the map stays small). A {@code UUID[]} value binds as a
 * PostgreSQL {@code uuid[]} ({@code = ANY (:ids)}), a {@code String[]} as a {@code text[]}.
 */
public final class NamedSql {
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");
    private static final Map<String, NamedSql> PARSED = new ConcurrentHashMap<>();
    /** Statements run, for the tests that count what a request costs (with Hibernate's own count). */
    public static final AtomicLong EXECUTED = new AtomicLong();

    private final String positional;
    private final List<String> names;

    private NamedSql(String sql) {
        List<String> found = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            found.add(m.group(1));
            m.appendReplacement(out, "?");
        }
        m.appendTail(out);
        this.positional = out.toString();
        this.names = List.copyOf(found);
    }

    public static NamedSql of(String sql) {
        return PARSED.computeIfAbsent(sql, NamedSql::new);
    }

    /** The statement's one row, as objects in column order. */
    public Object[] row(AgroalDataSource db, Map<String, ?> params) {
        List<Object[]> rows = rows(db, params);
        if (rows.isEmpty()) {
            throw new IllegalStateException("the query gave no row");
        }
        return rows.get(0);
    }

    /** The statement's rows, each as objects in column order. */
    public List<Object[]> rows(AgroalDataSource db, Map<String, ?> params) {
        EXECUTED.incrementAndGet();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(positional)) {
            for (int i = 0; i < names.size(); i++) {
                if (!params.containsKey(names.get(i))) {
                    throw new IllegalArgumentException("no value for :" + names.get(i));
                }
                Object value = params.get(names.get(i));
                if (value instanceof UUID[] ids) {
                    ps.setArray(i + 1, c.createArrayOf("uuid", ids));
                } else if (value instanceof String[] strings) {
                    ps.setArray(i + 1, c.createArrayOf("text", strings));
                } else {
                    ps.setObject(i + 1, value);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            // the cause stays: DatabaseOutage tells an outage (503) from a bug
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    String positional() {
        return positional;
    }
}
