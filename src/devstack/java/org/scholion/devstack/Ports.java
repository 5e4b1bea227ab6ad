package org.scholion.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks, so a taken port is a clear sentence rather than a failed start deep in a log. */
public final class Ports {
    private Ports() {
    }

    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on this machine", e);
        }
    }

    public static void requireFree(int port, String what, String variable) {
        if (!isFree(port)) {
            throw new PortTakenException("Port " + port + " (" + what + ") is already in use. Stop what uses it "
                    + "(ss -ltnp 'sport = :" + port + "') or choose another port with " + variable + "=<port>.");
        }
    }

    public static final class PortTakenException extends RuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
