package io.notify.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 that holds every byte coming back from the server for a fixed delay
 * before passing it to the client, the way a distant provider adds round-trip time. Unlike a
 * sleep inside the server, a delay line does not serialise requests: a connection carries as
 * many concurrent HTTP/2 streams as the client opens, each answered {@code delay} later. TLS
 * passes through untouched, so the client still verifies the server it connects to.
 */
final class DelayLine implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private record Chunk(long dueNanos, byte[] bytes) {}

    private final String upstreamHost;
    private final int upstreamPort;
    private final long delayNanos;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    DelayLine(String upstreamHost, int upstreamPort, Duration delay) {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.delayNanos = delay.toNanos();
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the delay line", e);
        }
        daemon("delay-line-accept", this::accept).start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(upstreamHost, upstreamPort));
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                daemon("delay-line-request", () -> copy(client, server)).start();
                BlockingQueue<Chunk> answers = new LinkedBlockingQueue<>();
                daemon("delay-line-answer-read", () -> hold(server, answers, client)).start();
                daemon("delay-line-answer-write", () -> release(answers, client, server)).start();
            } catch (IOException e) {
                if (open) {
                    System.err.println("delay line: a connection failed: " + e);
                }
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException closed) {
            // Either side closed: the other copy loop ends the same way.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void hold(Socket server, BlockingQueue<Chunk> answers, Socket client) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = server.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                answers.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
            }
        } catch (IOException closed) {
            // The writer below ends on the empty chunk.
        } finally {
            answers.add(new Chunk(System.nanoTime() + delayNanos, new byte[0]));
        }
    }

    /** The delay is constant, so due times are in arrival order and a FIFO queue keeps them sorted. */
    private static void release(BlockingQueue<Chunk> answers, Socket client, Socket server) {
        try (OutputStream out = client.getOutputStream()) {
            while (true) {
                Chunk chunk = answers.take();
                long wait;
                while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (chunk.bytes().length == 0) {
                    return;
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException closed) {
            // The client went away; the request loop closes the server side.
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            listener.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        sockets.forEach(DelayLine::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
