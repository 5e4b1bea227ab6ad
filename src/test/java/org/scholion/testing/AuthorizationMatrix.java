package org.scholion.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One row of an authorization matrix: the same call by each kind of caller, every answer compared
 * at once (so a failing row shows the whole row), and every error answer required to be
 * problem+json.
 */
public final class AuthorizationMatrix {
    private AuthorizationMatrix() {
    }

    /**
     * @param callers  usernames in column order; null is anonymous (no token)
     * @param expected the status each caller must get
     * @param call     the call, given a request that carries the caller's token; it makes its own data
     */
    public static void assertRow(String endpoint, List<String> callers, List<Integer> expected,
            Function<RequestSpecification, Response> call) {
        List<String> want = new ArrayList<>();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < callers.size(); i++) {
            String caller = callers.get(i);
            Response response = call.apply(caller == null ? given() : Tokens.as(caller));
            want.add(cell(caller, expected.get(i), true));
            boolean problem = response.statusCode() < 400 || response.contentType().startsWith("application/problem+json");
            got.add(cell(caller, response.statusCode(), problem));
        }
        assertEquals(want, got, endpoint);
    }

    private static String cell(String caller, int status, boolean wellFormed) {
        return (caller == null ? "anonymous" : caller) + "=" + status + (wellFormed ? "" : " (not problem+json)");
    }
}
