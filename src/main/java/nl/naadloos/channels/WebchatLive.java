package nl.naadloos.channels;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import nl.naadloos.conversations.AgentTyping;
import nl.naadloos.conversations.ConversationSeen;
import nl.naadloos.conversations.ConversationStatusChanged;
import nl.naadloos.conversations.CustomerConversations;
import nl.naadloos.conversations.MessageReceived;
import nl.naadloos.conversations.ReplyQueued;
import nl.naadloos.channels.WebchatSessions.Visitor;

/**
 * Tells the widgets that show a conversation what happens in it, once it is committed: new messages on
 * any channel (an agent's answer, the customer's own mail), an agent typing, what an agent has seen, and
 * a solved chat (with the rating question). On this node; widgets on other nodes learn it when they
 * reconnect.
 */
@Component
class WebchatLive {

	private static final Logger log = LoggerFactory.getLogger(WebchatLive.class);

	private final WebchatSessions sessions;

	private final WebchatWidgets widgets;

	private final WebchatSocket socket;

	private final CustomerConversations customers;

	private final WebchatEmailFallback copies;

	/** One thread, so a conversation's frames leave in the order things happened. */
	private final ExecutorService pusher = Executors.newSingleThreadExecutor(Thread.ofPlatform()
		.name("webchat-live")
		.daemon()
		.factory());

	private final Map<UUID, Boolean> lastOnline = new ConcurrentHashMap<>();

	WebchatLive(WebchatSessions sessions, WebchatWidgets widgets, WebchatSocket socket, CustomerConversations customers,
			WebchatEmailFallback copies) {
		this.copies = copies;
		this.sessions = sessions;
		this.widgets = widgets;
		this.socket = socket;
		this.customers = customers;
	}

	@EventListener
	void on(MessageReceived event) {
		message(event.conversationId(), event.messageId());
	}

	@EventListener
	void on(ReplyQueued event) {
		message(event.conversationId(), event.messageId());
	}

	@EventListener
	void on(ConversationStatusChanged event) {
		afterCommit(event.conversationId(), visitors -> this.customers.conversation(event.conversationId())
			.ifPresent(conversation -> visitors.forEach(visitor -> this.widgets.active(visitor.widgetId())
				.ifPresent(widget -> this.sessions.send(visitor,
						WebchatSocket.withType("conversation", this.socket.conversationFrame(conversation, widget)))))));
	}

	@EventListener
	void on(AgentTyping event) {
		String firstName = event.agentName().isBlank() ? "" : event.agentName().strip().split("\\s+")[0];
		afterCommit(event.conversationId(), visitors -> this.sessions.sendAll(visitors,
				WebchatSocket.mapOf("type", "typing", "name", firstName, "on", true)));
	}

	@EventListener
	void on(ConversationSeen event) {
		afterCommit(event.conversationId(), visitors -> this.customers.seenByAgentUpTo(event.conversationId())
			.ifPresent(upTo -> this.sessions.sendAll(visitors, WebchatSocket.mapOf("type", "read", "upTo", upTo.toString()))));
	}

	private void message(UUID conversationId, UUID messageId) {
		afterCommit(conversationId, visitors -> this.customers.message(messageId)
			.filter(message -> this.copies.copiesIn(List.of(message.id())).isEmpty())
			.ifPresent(message -> visitors.stream()
				.filter(visitor -> !sentThere(message, visitor))
				.forEach(visitor -> this.widgets.active(visitor.widgetId())
					.ifPresent(widget -> this.sessions.send(visitor,
							WebchatSocket.mapOf("type", "message", "message", this.socket.frame(visitor, widget, message)))))));
	}

	/** The visitor's own chat message: their tabs have it already (acknowledged, or copied by the socket). */
	private static boolean sentThere(CustomerConversations.CustomerMessage message, Visitor visitor) {
		return message.fromCustomer() && visitor.widgetId().equals(message.channelAccountId())
				&& message.providerMessageId() != null && message.providerMessageId().startsWith(visitor.address() + "/");
	}

	/** Runs the push once the change is committed, only when a widget on this node shows the conversation. */
	private void afterCommit(UUID conversationId, java.util.function.Consumer<Set<Visitor>> push) {
		if (this.sessions.ofConversation(conversationId).isEmpty()) {
			return;
		}
		Runnable task = () -> this.pusher.execute(() -> {
			try {
				Set<Visitor> visitors = this.sessions.ofConversation(conversationId);
				if (!visitors.isEmpty()) {
					push.accept(visitors);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Telling chat visitors about conversation {} failed: {}", conversationId, ex.toString());
			}
		});
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					task.run();
				}
			});
		}
		else {
			task.run();
		}
	}

	/** Agents came or went: widgets switch between chat and "leave a message". */
	@Scheduled(fixedDelayString = "${naadloos.channels.webchat.availability-interval:PT15S}", initialDelay = 15_000)
	void availability() {
		Map<UUID, Boolean> now = new ConcurrentHashMap<>();
		for (Visitor visitor : this.sessions.all()) {
			Boolean online = now.computeIfAbsent(visitor.widgetId(),
					id -> this.widgets.active(id).map(this.widgets::online).orElse(false));
			Boolean before = this.lastOnline.get(visitor.widgetId());
			if (before != null && !before.equals(online)) {
				this.sessions.send(visitor, WebchatSocket.mapOf("type", "availability", "online", online));
			}
		}
		this.lastOnline.keySet().retainAll(now.keySet());
		this.lastOnline.putAll(now);
	}

}
