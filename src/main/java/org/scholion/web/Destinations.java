package org.scholion.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where this server may send a request of its own (a webhook delivery, a call to an LTI platform): an absolute http(s) URL without credentials whose host resolves
 * only to public addresses — not loopback, private (RFC 1918, fc00::/7), link-local (169.254/16,
 * fe80::/10: cloud metadata lives there), multicast, or the unspecified address — unless the
 * operator allows them ({@code scholion.webhooks.allow-private-addresses}, {@code scholion.lti.allow-loopback-platforms};
 * tests and the demo do).
 * Checked when an endpoint is saved and again before every attempt (a name may resolve elsewhere
 * later). Redirects are never followed (a 3xx is a failed attempt), so an answer cannot send a
 * delivery somewhere this did not check. What remains: a name that resolves differently between
 * this check and the connection a moment later (DNS rebinding within that moment).
 */
public final class Destinations {
    private Destinations() {
    }

    /** Why the URL may not be used, or empty when it may. No I/O for an IP literal; a DNS lookup for a name. */
    public static Optional<String> refusal(String url, boolean allowPrivate) {
        return refusal(url, allowPrivate ? Reach.ANY : Reach.PUBLIC);
    }

    /** Which addresses a request may go to. */
    public enum Reach {
        /** public addresses only */
        PUBLIC,
        /**
         * all but loopback, link-local (cloud metadata), multicast and unspecified ones: a campus LMS may
         * well sit at a private address, but this host and its neighbours' metadata are not an LMS
         */
        NOT_LOOPBACK,
        /** anywhere (tests and the demo) */
        ANY
    }

    /** Why the URL may not be used for this reach, or empty when it may. */
    public static Optional<String> refusal(String url, Reach reach) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        if (reach == Reach.ANY) {
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        for (InetAddress a : addresses) {
            if (reach == Reach.NOT_LOOPBACK) {
                if (isLoopbackOrLinkLocal(a)) {
                    return Optional.of("resolves to a loopback or link-local address (" + a.getHostAddress()
                            + "), which this server may not reach");
                }
                continue;
            }
            if (!isPublic(a)) {
                return Optional.of("resolves to a private, loopback or link-local address (" + a.getHostAddress()
                        + "), which this server may not reach");
            }
        }
        return Optional.empty();
    }

    private static boolean isLoopbackOrLinkLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        // 0/8 "this network" reaches this host on Linux
        return b.length == 4 && (b[0] & 0xff) == 0;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (b.length == 16) {
            // unique local addresses fc00::/7 (Java's isSiteLocalAddress knows only the deprecated fec0::/10)
            if ((b[0] & 0xfe) == 0xfc) {
                return false;
            }
            // an IPv4 address mapped into IPv6 is judged as the IPv4 address
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        } else {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0/8 "this network", 100.64/10 shared address space (carrier-grade NAT)
            if (first == 0 || (first == 100 && second >= 64 && second <= 127)) {
                return false;
            }
        }
        return true;
    }
}
