package org.scholion.system;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TCP sockets a set of processes listens on, read where {@code ss -ltnp} reads them: the
 * kernel's socket tables (/proc/net/tcp, /proc/net/tcp6), whose LISTEN rows are matched to the
 * processes by the socket inodes among their open files (/proc/PID/fd). Linux only, like the run
 * command's own process handling.
 */
final class ListeningSockets {
    /** /proc/net/tcp's state column: TCP_LISTEN. */
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    record Listener(InetAddress address, int port, long pid, String command) {
        @Override
        public String toString() {
            String c = command.length() > 80 ? command.substring(0, 80) + "…" : command;
            return address.getHostAddress() + ":" + port + " (pid " + pid + " " + c + ")";
        }
    }

    static List<Listener> of(Collection<ProcessHandle> processes) throws IOException {
        Map<Long, InetSocketAddress> listening = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                if (f[3].equals(LISTEN)) {
                    String[] local = f[1].split(":");
                    listening.put(Long.parseLong(f[9]), new InetSocketAddress(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        Set<Listener> found = new LinkedHashSet<>();
        for (ProcessHandle h : processes) {
            Path fds = Path.of("/proc", String.valueOf(h.pid()), "fd");
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(fds)) {
                for (Path fd : ds) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException closedMeanwhile) {
                        continue;
                    }
                    if (target.startsWith("socket:[")) {
                        InetSocketAddress a = listening.get(Long.parseLong(target.substring(8, target.length() - 1)));
                        if (a != null) {
                            found.add(new Listener(a.getAddress(), a.getPort(), h.pid(), h.info().commandLine().orElse("?")));
                        }
                    }
                }
            } catch (IOException processGone) {
                // it ended while we looked: it listens on nothing
            }
        }
        return new ArrayList<>(found);
    }

    /**
     * An address as /proc/net/tcp prints it: hex, each 32-bit word in the host's byte order (little
     * endian on the x86 and ARM machines this runs on), e.g. 0100007F for 127.0.0.1.
     */
    static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + (3 - i)) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }

    /** This machine's IPv4 addresses other than loopback: where a neighbour on the network connects to. */
    static List<InetAddress> networkAddresses() throws IOException {
        List<InetAddress> all = new ArrayList<>();
        for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
            if (nif.isUp() && !nif.isLoopback()) {
                nif.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(all::add);
            }
        }
        return all;
    }

    /** Whether a TCP connection to the address and port is accepted within 2 s. */
    static boolean accepts(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
