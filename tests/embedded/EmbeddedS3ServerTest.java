package embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server ends at once: an idle keep-alive connection (the SDK clients' pooled ones, at
 * every teardown) is closed rather than waited for, which Jetty's graceful stop did for a second or
 * more per run.
 */
class EmbeddedS3ServerTest {
    @Test
    void closeDoesNotWaitForIdleKeepAliveConnections() throws IOException {
        EmbeddedS3Server server = EmbeddedS3Server.startInMemory();
        int port = server.endpoint().getPort();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            String status = new String(in.readNBytes("HTTP/1.1 ".length() + 3), StandardCharsets.US_ASCII);
            assertTrue(status.startsWith("HTTP/1.1 "), status);
            long t0 = System.nanoTime();
            server.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // Jetty's graceful stop gives idle connections a second to go; anything under that did not wait.
            assertTrue(ms < 1000, "close took " + ms + " ms");
            in.transferTo(java.io.OutputStream.nullOutputStream());
            assertEquals(-1, in.read(), "the server closed the connection");
        }
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the port is free");
        }
    }
}
