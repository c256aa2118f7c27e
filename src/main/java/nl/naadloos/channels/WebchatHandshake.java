package nl.naadloos.channels;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import nl.naadloos.platform.PublicEndpoints;

/**
 * Lets a widget connection in only for an active widget and from a site the widget allows (or from
 * Naadloos itself, for the admin's preview), and not too often from one address.
 */
@Component
class WebchatHandshake implements HandshakeInterceptor {

	static final String WIDGET = "naadloos.widget";

	static final String ORIGIN = "naadloos.origin";

	static final String IP = "naadloos.ip";

	static final String BASE_URL = "naadloos.baseUrl";

	static final String VISITOR = "naadloos.visitor";

	private final WebchatWidgets widgets;

	private final RateLimits limits;

	/** New widget connections per minute from one IP address. */
	private final int connectionsPerIpPerMinute;

	WebchatHandshake(WebchatWidgets widgets, Clock clock,
			@Value("${naadloos.channels.webchat.connections-per-ip-per-minute:60}") int connectionsPerIpPerMinute) {
		this.widgets = widgets;
		this.limits = new RateLimits(clock);
		this.connectionsPerIpPerMinute = Math.max(1, connectionsPerIpPerMinute);
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		String ip = ip(request);
		if (!this.limits.take(ip, this.connectionsPerIpPerMinute, Duration.ofMinutes(1)).isZero()) {
			response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
			return false;
		}
		UUID widgetId = widgetId(request.getURI().getPath());
		String origin = request.getHeaders().getOrigin();
		String base = baseUrl(request.getURI());
		WebchatWidgets.Widget widget = widgetId == null ? null : this.widgets.active(widgetId).orElse(null);
		if (widget == null) {
			response.setStatusCode(HttpStatus.NOT_FOUND);
			return false;
		}
		if (!allowed(widget, origin, base)) {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			return false;
		}
		attributes.put(WIDGET, widgetId);
		attributes.put(ORIGIN, origin);
		attributes.put(IP, ip);
		attributes.put(BASE_URL, base);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

	/** A site the widget allows, or Naadloos' own pages (the admin's preview). */
	static boolean allowed(WebchatWidgets.Widget widget, @Nullable String origin, String ownBase) {
		return origin != null && (origin.equalsIgnoreCase(ownBase) || WebchatSettings.allows(widget.settings(), origin));
	}

	static @Nullable UUID widgetId(String path) {
		String id = path.substring(path.lastIndexOf('/') + 1);
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Where this server is, as the browser reached it ({@code ws} → {@code http}). */
	static String baseUrl(URI uri) {
		String scheme = uri.getScheme() == null ? "http" : uri.getScheme().replace("ws", "http");
		return scheme + "://" + uri.getRawAuthority();
	}

	private static String ip(ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servlet) {
			return servlet.getServletRequest().getRemoteAddr();
		}
		return request.getRemoteAddress() == null ? "unknown" : request.getRemoteAddress().getAddress().getHostAddress();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class WebchatEndpoints implements WebSocketConfigurer {

		private final WebchatSocket socket;

		private final WebchatHandshake handshake;

		WebchatEndpoints(WebchatSocket socket, WebchatHandshake handshake) {
			this.socket = socket;
			this.handshake = handshake;
		}

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			// Origins are checked per widget by the handshake interceptor.
			registry.addHandler(this.socket, "/widget/ws/*").addInterceptors(this.handshake).setAllowedOriginPatterns("*");
		}

		@Bean
		PublicEndpoints webchatPublicEndpoints() {
			return new PublicEndpoints(List.of("/widget.js", "/widget/**"));
		}

		/**
		 * Widget connections that say nothing for two minutes are gone (the widget pings every 25 s). Tomcat keeps
		 * a text buffer of the set size (characters, two bytes each) and a byte buffer of the binary size (through
		 * which text frames are decoded too) for every open connection, so both are small: frames larger than the
		 * text buffer arrive in parts and the socket puts them together (up to {@link WebchatSocket#MAX_FRAME}).
		 */
		@Bean
		ServletServerContainerFactoryBean webSocketContainer() {
			ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
			container.setMaxSessionIdleTimeout(Duration.ofMinutes(2).toMillis());
			container.setMaxTextMessageBufferSize(WebchatSocket.FRAME_PART);
			container.setMaxBinaryMessageBufferSize(WebchatSocket.FRAME_PART);
			container.setAsyncSendTimeout(5_000L);
			return container;
		}

	}

}
