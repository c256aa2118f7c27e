package nl.naadloos.channels;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The chat widgets connected to this node: by visitor (all their tabs) and by the conversation they
 * show, so that replies, typing and read receipts reach every open tab at once.
 */
@Component
class WebchatSessions {

	private static final Logger log = LoggerFactory.getLogger(WebchatSessions.class);

	/** How long a send may block on a slow visitor before the connection is dropped (it reconnects). */
	private static final int SEND_TIME_LIMIT_MS = 5_000;

	private static final int BUFFER_LIMIT = 512 * 1024;

	private final Map<String, Set<Visitor>> byVisitor = new ConcurrentHashMap<>();

	private final Map<UUID, Set<Visitor>> byConversation = new ConcurrentHashMap<>();

	private final Set<Visitor> all = ConcurrentHashMap.newKeySet();

	private final JsonMapper json;

	WebchatSessions(JsonMapper json) {
		this.json = json;
	}

	Visitor connected(WebSocketSession session, UUID widgetId, String origin, String ip, String baseUrl) {
		Visitor visitor = new Visitor(new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT),
				widgetId, origin, ip, baseUrl);
		this.all.add(visitor);
		return visitor;
	}

	/** The visitor said who they are (again, after {@code identify}). */
	void known(Visitor visitor, @Nullable String previousKey) {
		if (previousKey != null) {
			remove(this.byVisitor, previousKey, visitor);
		}
		this.byVisitor.computeIfAbsent(visitor.key(), key -> ConcurrentHashMap.newKeySet()).add(visitor);
	}

	/** The visitor's widget shows this conversation now. */
	void follow(Visitor visitor, UUID conversationId) {
		UUID previous = visitor.conversationId();
		if (conversationId.equals(previous)) {
			return;
		}
		if (previous != null) {
			remove(this.byConversation, previous, visitor);
		}
		visitor.conversation(conversationId);
		this.byConversation.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet()).add(visitor);
	}

	void left(Visitor visitor) {
		this.all.remove(visitor);
		if (visitor.address() != null) {
			remove(this.byVisitor, visitor.key(), visitor);
		}
		if (visitor.conversationId() != null) {
			remove(this.byConversation, visitor.conversationId(), visitor);
		}
	}

	private static <K> void remove(Map<K, Set<Visitor>> map, K key, Visitor visitor) {
		map.computeIfPresent(key, (k, set) -> {
			set.remove(visitor);
			return set.isEmpty() ? null : set;
		});
	}

	Set<Visitor> ofConversation(UUID conversationId) {
		return this.byConversation.getOrDefault(conversationId, Set.of());
	}

	Set<Visitor> ofVisitor(Visitor visitor) {
		return this.byVisitor.getOrDefault(visitor.key(), Set.of());
	}

	Set<Visitor> all() {
		return this.all;
	}

	int count() {
		return this.all.size();
	}

	/** Sends one frame; a connection that cannot take it is closed (the widget reconnects and resumes). */
	void send(Visitor visitor, Map<String, ?> frame) {
		WebSocketSession session = visitor.session();
		if (!session.isOpen()) {
			return;
		}
		try {
			session.sendMessage(new TextMessage(this.json.writeValueAsString(frame)));
		}
		catch (IOException | RuntimeException ex) {
			log.debug("A chat visitor's connection failed to take a frame: {}", ex.toString());
			try {
				session.close(CloseStatus.SESSION_NOT_RELIABLE);
			}
			catch (IOException | RuntimeException closing) {
				// Gone already.
			}
		}
	}

	void sendAll(Set<Visitor> visitors, Map<String, ?> frame) {
		visitors.forEach(visitor -> send(visitor, frame));
	}

	/**
	 * One widget connection: where it comes from and, once it said hello, who the visitor is and which
	 * conversation it shows.
	 */
	static final class Visitor {

		private final WebSocketSession session;

		private final UUID widgetId;

		private final String origin;

		private final String ip;

		private final String baseUrl;

		private volatile @Nullable String token;

		private volatile @Nullable String address;

		private volatile boolean identified;

		private volatile @Nullable String identifierEmail;

		private volatile @Nullable String name;

		private volatile @Nullable String email;

		private volatile String language = "en";

		private volatile @Nullable UUID contactId;

		private volatile @Nullable UUID identityId;

		private volatile @Nullable UUID conversationId;

		private volatile long lastTypingAt;

		/** The parts of a frame that came in parts so far (the web server calls one part at a time). */
		private @Nullable StringBuilder frame;

		private boolean frameTooBig;

		Visitor(WebSocketSession session, UUID widgetId, String origin, String ip, String baseUrl) {
			this.session = session;
			this.widgetId = widgetId;
			this.origin = origin;
			this.ip = ip;
			this.baseUrl = baseUrl;
		}

		WebSocketSession session() {
			return this.session;
		}

		UUID widgetId() {
			return this.widgetId;
		}

		String origin() {
			return this.origin;
		}

		String ip() {
			return this.ip;
		}

		String baseUrl() {
			return this.baseUrl;
		}

		@Nullable String token() {
			return this.token;
		}

		@Nullable String address() {
			return this.address;
		}

		String key() {
			return this.widgetId + "|" + this.address;
		}

		boolean identified() {
			return this.identified;
		}

		/** The identifier of a logged-in visitor, when it is an e-mail address. */
		@Nullable String identifierEmail() {
			return this.identifierEmail;
		}

		@Nullable String name() {
			return this.name;
		}

		@Nullable String email() {
			return this.email;
		}

		String language() {
			return this.language;
		}

		@Nullable UUID contactId() {
			return this.contactId;
		}

		@Nullable UUID identityId() {
			return this.identityId;
		}

		@Nullable UUID conversationId() {
			return this.conversationId;
		}

		void hello(String token, String address, boolean identified, @Nullable String identifierEmail,
				@Nullable String name, @Nullable String email, String language) {
			this.token = token;
			this.address = address;
			this.identified = identified;
			this.identifierEmail = identifierEmail;
			this.name = name;
			this.email = email;
			this.language = language;
		}

		void contact(@Nullable UUID contactId, @Nullable UUID identityId) {
			this.contactId = contactId;
			this.identityId = identityId;
		}

		void gave(@Nullable String name, @Nullable String email) {
			if (name != null) {
				this.name = name;
			}
			if (email != null) {
				this.email = email;
			}
		}

		private void conversation(@Nullable UUID conversationId) {
			this.conversationId = conversationId;
		}

		/**
		 * Puts a frame together from the parts the web server hands over.
		 * @return the whole frame once its last part came, else {@code null} (more to come, or longer than
		 * {@code max} characters: then {@link #frameTooBig()})
		 */
		synchronized @Nullable String frame(String part, boolean last, int max) {
			if (this.frameTooBig) {
				return null;
			}
			if (this.frame == null) {
				if (last) {
					return part.length() > max ? tooBig() : part;
				}
				this.frame = new StringBuilder(part.length() * 2);
			}
			if (this.frame.length() + part.length() > max) {
				return tooBig();
			}
			this.frame.append(part);
			if (!last) {
				return null;
			}
			String whole = this.frame.toString();
			this.frame = null;
			return whole;
		}

		private @Nullable String tooBig() {
			this.frame = null;
			this.frameTooBig = true;
			return null;
		}

		/** A frame was longer than allowed: the connection is to be closed. */
		synchronized boolean frameTooBig() {
			return this.frameTooBig;
		}

		/** Whether a typing notice may go out now (at most one per two seconds). */
		boolean mayTellTyping(long now) {
			if (now - this.lastTypingAt < 2_000) {
				return false;
			}
			this.lastTypingAt = now;
			return true;
		}

	}

}
