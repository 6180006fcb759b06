package io.notify.stack.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Chooses the TCP ports of the stack's servers, on the loopback interface only. */
public final class Ports {

    private Ports() {
    }

    /**
     * {@code requested} if it is free, a free port if {@code requested} is 0. A port in use is
     * the newcomer's most common mistake, so the message says which server wanted it.
     */
    public static int reserve(int requested, String server) {
        if (requested == 0) {
            return freePort();
        }
        if (!isFree(requested)) {
            throw new PortInUseException(requested, server);
        }
        return requested;
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port on the loopback interface", e);
        }
    }

    /** A fixed port that something else already holds. */
    public static final class PortInUseException extends RuntimeException {
        public PortInUseException(int port, String server) {
            super("port " + port + " (wanted by " + server + ") is already in use: stop whatever holds it "
                    + "(`ss -ltnp 'sport = :" + port + "'` shows it) or choose another port");
        }
    }
}
