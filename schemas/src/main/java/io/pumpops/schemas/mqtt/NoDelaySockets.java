package io.pumpops.schemas.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories for Paho MQTT clients that turn Nagle's algorithm off (TCP_NODELAY).
 *
 * <p>Why: Paho opens plain sockets, so its small packets wait for the peer's delayed TCP
 * acknowledgement (up to 40 ms on Linux) whenever one is already in flight. A subscriber's PUBACKs
 * are such packets, and the broker sends the next messages only as acknowledgements free its
 * in-flight window: measured on the embedded HiveMQ CE, one QoS 1 subscriber took about 950
 * messages/s with Nagle and kept up with 2,700/s of publishers without it. Every MQTT connection in
 * PumpOps (ingest, gateways, deploy, the simulator) uses these factories for that reason.
 */
public final class NoDelaySockets {

  private NoDelaySockets() {}

  /**
   * The factory for a broker URL: TLS (the JVM's default trust) for {@code ssl://}, plain
   * otherwise.
   */
  public static SocketFactory forUrl(String brokerUrl) {
    String scheme = URI.create(brokerUrl).getScheme();
    if ("ssl".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme)) {
      return new Tls((SSLSocketFactory) SSLSocketFactory.getDefault());
    }
    return new Plain(SocketFactory.getDefault());
  }

  private static <S extends Socket> S noDelay(S socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }

  private static final class Plain extends SocketFactory {
    private final SocketFactory delegate;

    Plain(SocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }
  }

  /** Paho requires an {@link SSLSocketFactory} for ssl:// URLs, so TLS gets its own wrapper. */
  private static final class Tls extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    Tls(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
        throws IOException {
      return noDelay(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }
  }
}
