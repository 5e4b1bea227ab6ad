package org.scholion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: "No requests to private, loopback or link-local addresses unless an admin setting
 * allows them"; "webhook URLs that are not http(s), resolve to private addresses ...". IP literals
 * only (no DNS here). The ranges: RFC 1918 (10/8, 172.16/12, 192.168/16), loopback (127/8, ::1),
 * link-local (169.254/16 — where cloud metadata answers — and fe80::/10), RFC 4193 unique local
 * (fc00::/7), RFC 6598 shared address space (100.64/10), "this network" 0/8, multicast.
 */
class DestinationsTest {

    @Test
    void privateLoopbackAndLinkLocalAddressesAreRefusedUnlessAllowed() {
        for (String url : List.of("http://127.0.0.1/x", "http://127.5.6.7:8080/", "http://10.1.2.3/", "http://172.16.0.1/",
                "http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/",
                "http://0.0.0.0/", "http://224.0.0.1/", "https://[::]/")) {
            Optional<String> why = Destinations.refusal(url, false);
            assertTrue(why.isPresent() && why.get().contains("private"), url + ": " + why);
            assertEquals(Optional.empty(), Destinations.refusal(url, true), url + " when allowed");
        }
    }

    @Test
    void publicAddressesPass() {
        for (String url : List.of("http://93.184.216.34/hook", "https://8.8.8.8:8443/x?y=1", "http://172.32.0.1/", "http://100.128.0.1/",
                "http://[2001:4860:4860::8888]/")) {
            assertEquals(Optional.empty(), Destinations.refusal(url, false), url);
        }
    }

    @Test
    void onlyAbsoluteHttpUrlsWithoutCredentialsAreDestinations() {
        assertEquals(Optional.of("must be an http or https URL"), Destinations.refusal("ftp://93.184.216.34/x", true));
        assertEquals(Optional.of("must be an http or https URL"), Destinations.refusal("/relative", true));
        assertEquals(Optional.of("must be an http or https URL"), Destinations.refusal("javascript:alert(1)", true));
        assertEquals(Optional.of("must not carry a user name or password"), Destinations.refusal("http://u:p@93.184.216.34/", true));
        assertEquals(Optional.of("is not a URL"), Destinations.refusal("http://exa mple.org/", true));
        assertEquals(Optional.of("must not have a fragment"), Destinations.refusal("http://93.184.216.34/#x", true));
    }

    /** LTI platforms (Reach.NOT_LOOPBACK): a campus LMS at a private address is an LMS; this host and link-local addresses are not. */
    @Test
    void loopbackAndLinkLocalAreRefusedWherePrivateAddressesMayBeReached() {
        for (String url : List.of("http://127.0.0.1/x", "https://localhost/", "http://[::1]/", "http://169.254.169.254/latest/",
                "http://[fe80::1]/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://224.0.0.1/")) {
            Optional<String> why = Destinations.refusal(url, Destinations.Reach.NOT_LOOPBACK);
            assertTrue(why.isPresent() && why.get().contains("loopback"), url + ": " + why);
            assertEquals(Optional.empty(), Destinations.refusal(url, Destinations.Reach.ANY), url + " when allowed");
        }
        for (String url : List.of("https://10.1.2.3/mod/lti/auth.php", "https://192.168.1.1/", "https://93.184.216.34/")) {
            assertEquals(Optional.empty(), Destinations.refusal(url, Destinations.Reach.NOT_LOOPBACK), url);
        }
    }
}
