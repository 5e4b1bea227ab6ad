import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Prints the statement search runs to match a query, for the instructor, with its parameters
 * written in, so that the benchmark can EXPLAIN ANALYZE exactly what the app asks PostgreSQL.
 * Usage: java -cp target/classes:<deps>:bench/insights Explain <viewer id> <words> <the viewer's group ids, comma-separated>
 */
public class Explain {
    public static void main(String[] a) throws Exception {
        Class<?> sq = Class.forName("org.scholion.search.SearchQuery");
        Class<?> sort = Class.forName("org.scholion.search.SearchQuery$Sort");
        @SuppressWarnings({ "unchecked", "rawtypes" })
        Object query = sq.getConstructors()[0].newInstance(a[1], null, null, null, null, null, null, null, null, null, null, null,
                Enum.valueOf((Class) sort, "RELEVANCE"), 20, null);
        Object user = new org.scholion.security.UserRef(UUID.fromString(a[0]), "s", "u", "U", Set.of());
        Method where = Class.forName("org.scholion.search.SearchService").getDeclaredMethod("where",
                org.scholion.security.UserRef.class, List.class, sq);
        where.setAccessible(true);
        List<UUID> groups = a.length < 3 || a[2].isBlank() ? List.of()
                : java.util.Arrays.stream(a[2].split(",")).map(UUID::fromString).toList();
        Object w = where.invoke(null, user, groups, query);
        String sql = (String) w.getClass().getMethod("sql").invoke(w);
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) w.getClass().getMethod("params").invoke(w);
        List<String> names = new ArrayList<>(params.keySet());
        names.sort((x, y) -> y.length() - x.length());
        for (String n : names) {
            sql = sql.replace(":" + n, "'" + String.valueOf(params.get(n)).replace("'", "''") + "'");
        }
        System.out.println("SELECT count(*) FROM annotation a WHERE " + sql + ";");
    }
}
