package io.pumpops.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Picking and probing loopback ports. */
public final class Ports {

  private Ports() {}

  /** A port that was free a moment ago, or {@code requested} itself when it is not 0. */
  public static int pick(int requested) {
    if (requested != 0) {
      return requested;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on the loopback interface", e);
    }
  }

  /** Whether something accepts connections on the loopback port. */
  public static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Fails with a message naming the service when the port is already taken. */
  public static void requireFree(int port, String service) {
    if (isListening(port)) {
      throw new IllegalStateException(
          "Port "
              + port
              + " for "
              + service
              + " is already in use"
              + " (another stack running?). Stop it, or choose another port.");
    }
  }
}
