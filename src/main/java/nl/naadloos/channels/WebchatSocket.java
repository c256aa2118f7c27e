package nl.naadloos.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import nl.naadloos.contacts.ContactDirectory;
import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.conversations.ConversationStatus;
import nl.naadloos.conversations.CustomerConversations;
import nl.naadloos.conversations.CustomerConversations.CustomerMessage;
import nl.naadloos.conversations.CustomerConversations.Summary;
import nl.naadloos.conversations.InboundResult;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.channels.WebchatSessions.Visitor;

/**
 * The chat widget's connection (protocol in docs/webchat.md): a visitor says hello, gets their
 * conversation, sends messages that are stored exactly once (the browser's message id is the provider
 * id), and hears typing, read receipts and answers.
 */
@Component
class WebchatSocket extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(WebchatSocket.class);

	static final int MAX_TEXT = 5_000;

	static final int MAX_FILES = 5;

	static final int HISTORY = 200;

	private static final int EARLIER = 20;

	/** Largest frame (in characters) a visitor may send; a larger one closes the connection (1009). */
	static final int MAX_FRAME = 64 * 1024;

	/**
	 * The part of a frame the web server hands over at once (characters). Tomcat keeps a buffer of this size (two
	 * bytes a character) for every connection as long as it is open, so it is small: most chat frames fit, larger
	 * ones (up to {@link #MAX_FRAME}) arrive in parts and are put together here. With 5,000 connections the 64 KB
	 * buffer this replaces held 640 MB (docs/benchmarks.md, "Webchat connections").
	 */
	static final int FRAME_PART = 2 * 1024;

	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

	private final WebchatSessions sessions;

	private final WebchatWidgets widgets;

	private final InboundProcessor processor;

	private final CustomerConversations customers;

	private final ContactDirectory contacts;

	private final WebchatTranscripts transcripts;

	private final WebchatRatings ratings;

	private final MessageSource texts;

	private final JsonMapper json;

	private final RateLimits limits;

	private final WebchatEmailFallback fallbackCopies;

	private final Clock clock;

	private final Duration answerWithin;

	/** Messages per minute from one IP address (all widgets and visitors behind it together). */
	private final int messagesPerIpPerMinute;

	WebchatSocket(WebchatSessions sessions, WebchatWidgets widgets, InboundProcessor processor,
			CustomerConversations customers, ContactDirectory contacts, WebchatTranscripts transcripts,
			WebchatRatings ratings, WebchatEmailFallback fallbackCopies, MessageSource texts, JsonMapper json, Clock clock,
			@Value("${naadloos.channels.inbound.answer-within:PT10S}") Duration answerWithin,
			@Value("${naadloos.channels.webchat.messages-per-ip-per-minute:60}") int messagesPerIpPerMinute) {
		this.sessions = sessions;
		this.widgets = widgets;
		this.processor = processor;
		this.customers = customers;
		this.contacts = contacts;
		this.transcripts = transcripts;
		this.ratings = ratings;
		this.fallbackCopies = fallbackCopies;
		this.texts = texts;
		this.json = json;
		this.limits = new RateLimits(clock);
		this.clock = clock;
		this.answerWithin = answerWithin;
		this.messagesPerIpPerMinute = Math.max(1, messagesPerIpPerMinute);
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		Map<String, Object> attributes = session.getAttributes();
		Visitor visitor = this.sessions.connected(session, (UUID) attributes.get(WebchatHandshake.WIDGET),
				(String) attributes.get(WebchatHandshake.ORIGIN), (String) attributes.get(WebchatHandshake.IP),
				(String) attributes.get(WebchatHandshake.BASE_URL));
		attributes.put(WebchatHandshake.VISITOR, visitor);
	}

	/** Frames arrive in parts of at most {@link #FRAME_PART} characters: see {@link #handleTextMessage}. */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		if (session.getAttributes().get(WebchatHandshake.VISITOR) instanceof Visitor visitor) {
			this.sessions.left(visitor);
		}
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage part) {
		Visitor visitor = (Visitor) session.getAttributes().get(WebchatHandshake.VISITOR);
		if (visitor == null) {
			return;
		}
		String payload = visitor.frame(part.getPayload(), part.isLast(), MAX_FRAME);
		if (payload == null) {
			if (visitor.frameTooBig()) {
				close(visitor, CloseStatus.TOO_BIG_TO_PROCESS);
			}
			return;
		}
		JsonNode frame;
		try {
			frame = this.json.readTree(payload);
		}
		catch (JacksonException ex) {
			error(visitor, "invalid", null, null);
			return;
		}
		String type = text(frame, "type");
		if (type == null) {
			error(visitor, "invalid", null, null);
			return;
		}
		try {
			if (!"hello".equals(type) && !"ping".equals(type) && visitor.address() == null) {
				error(visitor, "invalid", null, null);
				return;
			}
			switch (type) {
				case "hello" -> hello(visitor, frame);
				case "message" -> message(visitor, frame);
				case "typing" -> typing(visitor, frame);
				case "read" -> read(visitor, frame);
				case "history" -> history(visitor, frame);
				case "transcript" -> transcript(visitor, frame);
				case "rating" -> rating(visitor, frame);
				case "ping" -> this.sessions.send(visitor, Map.of("type", "pong"));
				default -> error(visitor, "invalid", null, null);
			}
		}
		catch (InvalidRequest ex) {
			error(visitor, "invalid", text(frame, "clientId"), null);
		}
		catch (RuntimeException ex) {
			log.warn("A chat frame of type {} failed: {}", type, ex.toString());
			error(visitor, "failed", text(frame, "clientId"), null);
		}
	}

	// hello

	private void hello(Visitor visitor, JsonNode frame) {
		WebchatWidgets.Widget widget = this.widgets.active(visitor.widgetId()).orElse(null);
		if (widget == null) {
			close(visitor, CloseStatus.POLICY_VIOLATION);
			return;
		}
		String token = text(frame, "token");
		if (!WebchatKeys.validToken(token)) {
			token = WebchatKeys.newToken();
		}
		String identifier = text(frame, "identifier");
		String language = language(text(frame, "language"), widget);
		boolean identified = false;
		if (identifier != null && !identifier.isBlank()) {
			identified = WebchatKeys.vouches(widget.secret(), identifier, text(frame, "hash"));
			if (!identified) {
				this.sessions.send(visitor, errorFrame("unauthorised", language, null, null));
			}
		}
		String normalised = identified ? WebchatKeys.normalisedIdentifier(identifier) : null;
		String identifierEmail = normalised != null && EMAIL.matcher(normalised).matches() ? normalised : null;
		String address = identified ? WebchatKeys.userAddress(identifier) : WebchatKeys.visitorAddress(token);
		String previousKey = visitor.address() == null ? null : visitor.key();
		visitor.hello(token, address, identified, identifierEmail, shortText(text(frame, "name"), 200),
				validEmail(text(frame, "email")), language);
		this.sessions.known(visitor, previousKey);
		lookUpContact(visitor);
		welcome(visitor, widget);
	}

	private void lookUpContact(Visitor visitor) {
		Optional<ContactDirectory.IdentityOwner> owner = this.contacts.findIdentity(IdentityKind.PROVIDER,
				visitor.address(), visitor.widgetId());
		if (owner.isPresent()) {
			visitor.contact(owner.get().contactId(), owner.get().identity().id());
		}
		else if (visitor.identifierEmail() != null) {
			// A shop customer chatting for the first time: their mail and other conversations are known.
			visitor.contact(this.contacts.findIdentity(IdentityKind.EMAIL, visitor.identifierEmail(), null)
				.filter(found -> found.identity().verified())
				.map(ContactDirectory.IdentityOwner::contactId)
				.orElse(null), null);
		}
		else {
			visitor.contact(null, null);
		}
	}

	private void welcome(Visitor visitor, WebchatWidgets.Widget widget) {
		List<Summary> conversations = visitor.contactId() == null ? List.of()
				: this.customers.conversations(visitor.contactId(), visitor.identified() ? null : visitor.identityId(),
						EARLIER + 1);
		Summary current = conversations.stream()
			.filter(c -> c.status() != ConversationStatus.CLOSED)
			.findFirst()
			.orElse(null);
		Map<String, Object> welcome = new LinkedHashMap<>();
		welcome.put("type", "welcome");
		welcome.put("token", visitor.token());
		welcome.put("identified", visitor.identified());
		welcome.put("contact", visitor.name() == null && visitor.email() == null ? null
				: mapOf("name", visitor.name(), "email", visitor.email() != null ? visitor.email() : visitor.identifierEmail()));
		welcome.put("online", this.widgets.online(widget));
		if (current != null) {
			this.sessions.follow(visitor, current.id());
			welcome.put("conversation", conversationFrame(current, widget));
			welcome.put("messages", frames(visitor, widget, this.customers.messages(current.id(), HISTORY)));
			welcome.put("readUpTo", this.customers.seenByAgentUpTo(current.id()).map(UUID::toString).orElse(null));
		}
		else {
			welcome.put("conversation", null);
			welcome.put("messages", List.of());
			welcome.put("readUpTo", null);
		}
		List<Map<String, Object>> earlier = new ArrayList<>();
		for (Summary conversation : conversations) {
			if (current == null || !conversation.id().equals(current.id())) {
				earlier.add(mapOf("number", conversation.number(), "subject", conversation.subject(), "status",
						conversation.status().key(), "lastActivityAt", conversation.lastActivityAt().toString(), "channels",
						conversation.channels().stream().map(Channel::key).toList(), "preview", conversation.preview()));
			}
		}
		welcome.put("earlier", earlier.size() > EARLIER ? earlier.subList(0, EARLIER) : earlier);
		this.sessions.send(visitor, welcome);
	}

	Map<String, Object> conversationFrame(Summary conversation, WebchatWidgets.Widget widget) {
		boolean done = conversation.status() == ConversationStatus.SOLVED || conversation.status() == ConversationStatus.CLOSED;
		return mapOf("number", conversation.number(), "status", conversation.status().key(), "rate",
				done && widget.rating() && !this.ratings.rated(conversation.id()));
	}

	// message

	private void message(Visitor visitor, JsonNode frame) {
		String clientId = text(frame, "clientId");
		String language = visitor.language();
		if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
			error(visitor, "invalid", clientId, null);
			return;
		}
		WebchatWidgets.Widget widget = this.widgets.active(visitor.widgetId()).orElse(null);
		if (widget == null) {
			close(visitor, CloseStatus.POLICY_VIOLATION);
			return;
		}
		Duration wait = limited(visitor, "message");
		if (!wait.isZero()) {
			this.sessions.send(visitor, errorFrame("rate-limited", language, clientId, Math.max(1, wait.toSeconds() + 1)));
			return;
		}
		String text = text(frame, "text");
		text = text == null ? "" : text.replace("\u0000", "").strip();
		if (text.length() > MAX_TEXT) {
			error(visitor, "too-long", clientId, null);
			return;
		}
		List<WebchatParser.StoredFile> files = new ArrayList<>();
		JsonNode fileTokens = frame.get("files");
		if (fileTokens != null && fileTokens.isArray()) {
			if (fileTokens.size() > MAX_FILES) {
				error(visitor, "bad-file", clientId, null);
				return;
			}
			for (JsonNode token : fileTokens) {
				try {
					WebchatKeys.UploadedFile file = WebchatKeys.readFileToken(widget.secret(),
							WebchatKeys.visitorAddress(visitor.token()), token.asString());
					files.add(new WebchatParser.StoredFile(file.name(), file.contentType(), file.size(), file.sha256()));
				}
				catch (InvalidRequest | IllegalArgumentException | ArrayIndexOutOfBoundsException ex) {
					error(visitor, "bad-file", clientId, null);
					return;
				}
			}
		}
		if (text.isEmpty() && files.isEmpty()) {
			error(visitor, "empty", clientId, null);
			return;
		}
		JsonNode contact = frame.get("contact");
		if (contact != null && contact.isObject()) {
			String email = text(contact, "email");
			if (email != null && !email.isBlank() && validEmail(email) == null) {
				error(visitor, "email", clientId, null);
				return;
			}
			visitor.gave(shortText(text(contact, "name"), 200), validEmail(email));
		}
		Long conversation = visitor.conversationId() == null ? null
				: this.customers.conversation(visitor.conversationId()).map(Summary::number).orElse(null);
		WebchatParser.StoredChatMessage stored = new WebchatParser.StoredChatMessage(visitor.address(),
				visitor.identifierEmail(), visitor.name(), visitor.email(), language, clientId, text, files, conversation,
				this.clock.instant(), null);
		String providerId = visitor.address() + "/" + clientId;
		InboundProcessor.StoredEvent event = this.processor.store(visitor.widgetId(), providerId, visitor.address(),
				this.json.writeValueAsString(stored));
		InboundResult result = event.result() != null ? event.result()
				: this.processor.processAndWait(event.id(), visitor.address(), this.answerWithin);
		if (result == null) {
			// Stored, and threaded moments later: it reaches the widget as a message then.
			this.sessions.send(visitor, mapOf("type", "ack", "clientId", clientId, "message", null));
			return;
		}
		if (visitor.contactId() == null || !visitor.contactId().equals(result.contactId())) {
			lookUpContact(visitor);
		}
		CustomerMessage saved = this.customers.message(result.messageId()).orElse(null);
		Map<String, Object> messageFrame = saved == null ? null : frame(visitor, widget, saved);
		for (Visitor tab : this.sessions.ofVisitor(visitor)) {
			boolean moved = !result.conversationId().equals(tab.conversationId());
			this.sessions.follow(tab, result.conversationId());
			if (moved && tab != visitor) {
				this.customers.conversation(result.conversationId())
					.ifPresent(c -> this.sessions.send(tab, withType("conversation", conversationFrame(c, widget))));
			}
		}
		this.sessions.send(visitor, mapOf("type", "ack", "clientId", clientId, "message", messageFrame));
		if (messageFrame != null) {
			Map<String, Object> copy = mapOf("type", "message", "message", messageFrame);
			this.sessions.ofVisitor(visitor).stream().filter(tab -> tab != visitor).forEach(tab -> this.sessions.send(tab, copy));
		}
	}

	private Duration limited(Visitor visitor, String what) {
		Duration perVisitor = this.limits.take(what + "|" + visitor.key(), 10, Duration.ofSeconds(20));
		Duration perIp = this.limits.take(what + "|ip|" + visitor.ip(), this.messagesPerIpPerMinute,
				Duration.ofMinutes(1));
		return perVisitor.compareTo(perIp) >= 0 ? perVisitor : perIp;
	}

	// typing, read, history

	private void typing(Visitor visitor, JsonNode frame) {
		JsonNode on = frame.get("on");
		if (visitor.conversationId() != null && on != null && on.asBoolean(false)
				&& visitor.mayTellTyping(this.clock.millis())) {
			this.customers.customerTyping(visitor.conversationId());
		}
	}

	private void read(Visitor visitor, JsonNode frame) {
		UUID upTo = uuid(text(frame, "upTo"));
		if (upTo != null && visitor.conversationId() != null) {
			this.customers.readByCustomer(visitor.conversationId(), upTo);
		}
	}

	private void history(Visitor visitor, JsonNode frame) {
		WebchatWidgets.Widget widget = this.widgets.active(visitor.widgetId()).orElseThrow();
		JsonNode number = frame.get("conversation");
		Optional<Summary> conversation = number == null || !number.canConvertToLong() || visitor.contactId() == null
				? Optional.empty()
				: this.customers.conversation(number.asLong(), visitor.contactId(),
						visitor.identified() ? null : visitor.identityId());
		if (conversation.isEmpty()) {
			error(visitor, "not-found", null, null);
			return;
		}
		this.sessions.send(visitor, mapOf("type", "history", "conversation", conversation.get().number(), "messages",
				frames(visitor, widget, this.customers.messages(conversation.get().id(), HISTORY))));
	}

	// transcript and rating

	private void transcript(Visitor visitor, JsonNode frame) {
		WebchatWidgets.Widget widget = this.widgets.active(visitor.widgetId()).orElseThrow();
		String email = validEmail(text(frame, "email"));
		if (email == null) {
			error(visitor, "email", null, null);
			return;
		}
		if (!widget.transcript() || visitor.conversationId() == null) {
			error(visitor, "not-found", null, null);
			return;
		}
		Duration wait = this.limits.take("transcript|" + visitor.key(), 3, Duration.ofHours(1));
		if (!wait.isZero()) {
			this.sessions.send(visitor, errorFrame("rate-limited", visitor.language(), null, wait.toSeconds() + 1));
			return;
		}
		UUID conversationId = visitor.conversationId();
		String language = visitor.language();
		this.transcripts.send(widget, conversationId, email, Locale.forLanguageTag(language), sent -> {
			if (sent) {
				this.sessions.send(visitor, mapOf("type", "transcript-sent", "email", email));
			}
			else {
				error(visitor, "transcript-failed", null, null);
			}
		});
	}

	private void rating(Visitor visitor, JsonNode frame) {
		WebchatWidgets.Widget widget = this.widgets.active(visitor.widgetId()).orElseThrow();
		JsonNode number = frame.get("conversation");
		JsonNode score = frame.get("score");
		if (number == null || !number.canConvertToLong() || score == null || !score.canConvertToInt()
				|| score.asInt() < 1 || score.asInt() > 5 || visitor.contactId() == null || !widget.rating()) {
			error(visitor, "invalid", null, null);
			return;
		}
		Summary conversation = this.customers.conversation(number.asLong(), visitor.contactId(),
				visitor.identified() ? null : visitor.identityId()).orElse(null);
		if (conversation == null || (conversation.status() != ConversationStatus.SOLVED
				&& conversation.status() != ConversationStatus.CLOSED)) {
			error(visitor, "not-found", null, null);
			return;
		}
		String comment = shortText(text(frame, "comment"), 1000);
		this.ratings.rate(conversation, widget.id(), score.asInt(), comment);
		this.sessions.send(visitor, mapOf("type", "rated", "conversation", conversation.number()));
	}

	// frames

	/**
	 * The messages as the widget shows them, without the e-mail copies of chat answers the visitor had
	 * not read (they have the answer in the chat already).
	 */
	List<Map<String, Object>> frames(Visitor visitor, WebchatWidgets.Widget widget, List<CustomerMessage> messages) {
		java.util.Set<UUID> copies = this.fallbackCopies.copiesIn(messages.stream().map(CustomerMessage::id).toList());
		return messages.stream().filter(m -> !copies.contains(m.id())).map(m -> frame(visitor, widget, m)).toList();
	}

	/** One message as the widget shows it (docs/webchat.md, "A message object"). */
	Map<String, Object> frame(Visitor visitor, WebchatWidgets.Widget widget, CustomerMessage message) {
		String clientId = null;
		String own = visitor.address() + "/";
		if (message.fromCustomer() && message.providerMessageId() != null && message.providerMessageId().startsWith(own)
				&& visitor.widgetId().equals(message.channelAccountId())) {
			clientId = message.providerMessageId().substring(own.length());
		}
		List<Map<String, Object>> files = message.files()
			.stream()
			.map(file -> mapOf("name", file.name(), "type", file.contentType(), "size", file.size(), "url",
					visitor.baseUrl() + "/widget/files/" + file.id() + "?w=" + widget.id() + "&sig="
							+ WebchatKeys.fileSignature(widget.secret(), file.id()),
					"image", file.contentType().startsWith("image/") && !file.contentType().equals("image/svg+xml")))
			.toList();
		return mapOf("id", message.id().toString(), "clientId", clientId, "from", message.fromCustomer() ? "visitor" : "agent",
				"author", message.fromCustomer() ? null : author(message.agentName(), widget),
				"text", message.text() == null ? "" : message.text(), "at", message.at().toString(),
				"channel", message.channel() == null ? null : message.channel().key(), "files", files,
				"status", message.status() == null ? null : message.status().name().toLowerCase(Locale.ROOT),
				"conversation", message.conversationNumber());
	}

	private static Map<String, Object> author(@Nullable String agentName, WebchatWidgets.Widget widget) {
		// Of an agent the visitor learns the first name only (no e-mail, no full name).
		String name = agentName == null || agentName.isBlank() ? widget.name() : agentName.strip().split("\\s+")[0];
		return mapOf("name", name, "initials", name.substring(0, 1).toUpperCase(Locale.ROOT));
	}

	private void error(Visitor visitor, String code, @Nullable String clientId, @Nullable Long retryAfter) {
		this.sessions.send(visitor, errorFrame(code, visitor.language(), clientId, retryAfter));
	}

	private Map<String, Object> errorFrame(String code, String language, @Nullable String clientId,
			@Nullable Long retryAfter) {
		String message = this.texts.getMessage("webchat.error." + code, null, code, Locale.forLanguageTag(language));
		Map<String, Object> frame = mapOf("type", "error", "code", code, "message", message);
		if (clientId != null) {
			frame.put("clientId", clientId);
		}
		if (retryAfter != null) {
			frame.put("retryAfter", retryAfter);
		}
		return frame;
	}

	private void close(Visitor visitor, CloseStatus status) {
		try {
			visitor.session().close(status);
		}
		catch (java.io.IOException | RuntimeException ex) {
			// Gone already.
		}
	}

	static Map<String, Object> withType(String type, Map<String, Object> frame) {
		Map<String, Object> typed = new LinkedHashMap<>();
		typed.put("type", type);
		typed.putAll(frame);
		return typed;
	}

	/** A map in the order given, allowing {@code null} values (unlike {@code Map.of}). */
	static Map<String, Object> mapOf(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private static String language(@Nullable String asked, WebchatWidgets.Widget widget) {
		if (!"auto".equals(widget.language())) {
			return widget.language();
		}
		return asked != null && asked.toLowerCase(Locale.ROOT).startsWith("nl") ? "nl" : "en";
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || !value.isString() ? null : value.asString();
	}

	private static @Nullable String shortText(@Nullable String text, int max) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String stripped = text.replace("\u0000", "").strip();
		return stripped.length() > max ? stripped.substring(0, max) : stripped;
	}

	private static @Nullable String validEmail(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String stripped = text.strip();
		return stripped.length() <= 254 && EMAIL.matcher(stripped).matches() ? stripped : null;
	}

	private static @Nullable UUID uuid(@Nullable String text) {
		try {
			return text == null ? null : UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
