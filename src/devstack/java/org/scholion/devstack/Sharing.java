package org.scholion.devstack;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who can reach the demo. By default nobody but this machine: every part listens on 127.0.0.1.
 * With {@code SCHOLION_SHARE=true} the app and Keycloak (which the browsers of the others must
 * reach to sign in) listen on every interface, under an address the others can use; PostgreSQL and
 * the management port stay on 127.0.0.1 either way.
 *
 * @param shared     whether the app and Keycloak listen on the network
 * @param publicUrl  the app's URL for its users
 * @param publicHost the host of that URL, under which Keycloak is reached too
 */
public record Sharing(boolean shared, String publicUrl, String publicHost) {
    public static final String LOOPBACK = "127.0.0.1";
    static final String EVERY_INTERFACE = "0.0.0.0";

    /** Where the app and Keycloak listen. */
    public String bindHost() {
        return shared ? EVERY_INTERFACE : LOOPBACK;
    }

    /**
     * @param share     SCHOLION_SHARE: {@code true} or {@code false} (unset or empty: false)
     * @param publicUrl SCHOLION_PUBLIC_URL, if set: the URL to announce (e.g. a name in the school's DNS)
     * @throws IllegalArgumentException with a sentence for the user
     */
    public static Sharing of(String share, String publicUrl, int httpPort) {
        boolean shared = switch (share == null ? "" : share.strip().toLowerCase()) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw new IllegalArgumentException("SCHOLION_SHARE is \"" + share + "\"; it is true (share the demo on the"
                    + " network) or false (this machine only, the default).");
        };
        if (publicUrl != null && !publicUrl.isBlank()) {
            String host = URI.create(publicUrl).getHost();
            if (host == null) {
                throw new IllegalArgumentException("SCHOLION_PUBLIC_URL is \"" + publicUrl + "\", which names no host.");
            }
            return new Sharing(shared, publicUrl, host);
        }
        if (!shared) {
            return new Sharing(false, "http://localhost:" + httpPort, "localhost");
        }
        String address = networkAddress().map(InetAddress::getHostAddress).orElseThrow(() -> new IllegalArgumentException(
                "SCHOLION_SHARE=true, but this machine has no network address to share the demo on. Connect it to the"
                        + " network, or name the address with SCHOLION_PUBLIC_URL=http://<address>:" + httpPort + "."));
        return new Sharing(true, "http://" + address + ":" + httpPort, address);
    }

    /**
     * The IPv4 address others on the network most likely reach this machine at: of an interface that
     * is up and not loopback, preferring private (site-local) addresses and interfaces that are not
     * a container or VM bridge.
     */
    public static Optional<InetAddress> networkAddress() {
        try {
            List<NetworkInterface> up = NetworkInterface.networkInterfaces().filter(Sharing::usable).toList();
            return up.stream()
                    .flatMap(nif -> nif.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()
                            && !a.isLinkLocalAddress()).map(a -> new Candidate(nif.getName(), a)))
                    .min(Comparator.comparing((Candidate c) -> isBridge(c.interfaceName()))
                            .thenComparing(c -> !c.address().isSiteLocalAddress())
                            .thenComparing(Candidate::interfaceName))
                    .map(Candidate::address);
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private record Candidate(String interfaceName, InetAddress address) {
    }

    private static boolean usable(NetworkInterface nif) {
        try {
            return nif.isUp() && !nif.isLoopback() && !nif.isVirtual();
        } catch (SocketException e) {
            return false;
        }
    }

    /** Docker, Podman, libvirt and the like: other machines do not reach this one through them. */
    private static boolean isBridge(String name) {
        return name.startsWith("docker") || name.startsWith("br-") || name.startsWith("veth") || name.startsWith("virbr")
                || name.startsWith("cni") || name.startsWith("podman") || name.startsWith("lxc");
    }
}
