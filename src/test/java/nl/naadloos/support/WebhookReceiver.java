package nl.naadloos.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A real HTTP server standing in for an integrator's webhook endpoint. */
public final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger status = new AtomicInteger(200);

	public WebhookReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.received.add(new Received(exchange.getRequestURI().getPath(), new String(body, StandardCharsets.UTF_8),
					body, exchange.getRequestHeaders().getFirst("X-Naadloos-Signature"),
					Map.copyOf(exchange.getRequestHeaders())));
			exchange.sendResponseHeaders(this.status.get(), -1);
			exchange.close();
		});
		this.server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public void answerWith(int status) {
		this.status.set(status);
	}

	public List<Received> received() {
		return List.copyOf(this.received);
	}

	public List<Received> receivedOn(String path) {
		return this.received.stream().filter(r -> r.path().equals(path)).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** One request the webhook received. */
	public record Received(String path, String body, byte[] raw, String signature, Map<String, List<String>> headers) {
	}

}
