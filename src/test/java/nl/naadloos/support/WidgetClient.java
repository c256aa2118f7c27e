package nl.naadloos.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A chat widget as a browser runs it, without the browser: a WebSocket that sends and collects frames. */
public final class WidgetClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebSocket socket;

	private final LinkedBlockingQueue<JsonNode> frames;

	private final List<JsonNode> seen = new ArrayList<>();

	private WidgetClient(WebSocket socket, LinkedBlockingQueue<JsonNode> frames) {
		this.socket = socket;
		this.frames = frames;
	}

	/**
	 * Connects as a page on {@code origin} would.
	 * @throws CompletionException when the handshake is refused
	 */
	public static WidgetClient connect(int port, String widgetId, String origin) {
		LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("Origin", origin)
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("ws://localhost:" + port + "/widget/ws/" + widgetId), new WebSocket.Listener() {

				private final StringBuilder text = new StringBuilder();

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					this.text.append(data);
					if (last) {
						frames.add(JSON.readTree(this.text.toString()));
						this.text.setLength(0);
					}
					webSocket.request(1);
					return null;
				}

			})
			.join();
		return new WidgetClient(socket, frames);
	}

	public WidgetClient send(Map<String, ?> frame) {
		this.socket.sendText(JSON.writeValueAsString(frame), true).join();
		return this;
	}

	/** The next frame of this type (others are kept in {@link #seen()}), within ten seconds. */
	public JsonNode next(String type) {
		return next(type, Duration.ofSeconds(10));
	}

	public JsonNode next(String type, Duration within) {
		long end = System.nanoTime() + within.toNanos();
		try {
			while (true) {
				long left = end - System.nanoTime();
				JsonNode frame = left <= 0 ? null : this.frames.poll(left, TimeUnit.NANOSECONDS);
				if (frame == null) {
					throw new AssertionError("No '" + type + "' frame within " + within + "; seen: " + this.seen);
				}
				this.seen.add(frame);
				if (type.equals(frame.path("type").asString())) {
					return frame;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** Every frame taken so far, whatever its type. */
	public List<JsonNode> seen() {
		return this.seen;
	}

	/** Waits for a frame for a short while; {@code null} when none came. */
	public JsonNode poll(Duration within) {
		try {
			JsonNode frame = this.frames.poll(within.toMillis(), TimeUnit.MILLISECONDS);
			if (frame != null) {
				this.seen.add(frame);
			}
			return frame;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	@Override
	public void close() {
		CompletableFuture<WebSocket> closing = this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
		try {
			closing.get(2, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			this.socket.abort();
		}
	}

}
