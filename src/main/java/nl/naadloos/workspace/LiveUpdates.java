package nl.naadloos.workspace;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import nl.naadloos.conversations.AgentTyping;
import nl.naadloos.conversations.ContactTyping;
import nl.naadloos.conversations.ConversationAssigned;
import nl.naadloos.conversations.ConversationCreated;
import nl.naadloos.conversations.ConversationStatusChanged;
import nl.naadloos.conversations.ConversationsMerged;
import nl.naadloos.conversations.MessageDeliveryChanged;
import nl.naadloos.conversations.MessageReceived;
import nl.naadloos.conversations.NoteAdded;
import nl.naadloos.conversations.ReplyQueued;

/**
 * Tells open workspace screens, over server-sent events, which conversation changed (a message came in, a
 * reply went out or failed, an owner or status changed), once the change is committed; the screens then
 * fetch what they show again. Plain event listeners that hand over after commit, so the ingestion path pays
 * nothing but that hand-over; sending happens on a thread of its own, so a slow browser never holds it up.
 * Screens showing a conversation also learn which colleagues have it open and who is typing in it (collision).
 * On one node: across nodes this needs the cluster bus (not built yet).
 */
@Component
class LiveUpdates {

	static final Duration TIMEOUT = Duration.ofMinutes(30);

	private final Map<SseEmitter, Screen> screens = new ConcurrentHashMap<>();

	/** An open workspace screen: whose it is and which conversation it shows, if any. */
	record Screen(UUID agentId, String agentName, @Nullable UUID conversationId, @Nullable String screenId) {
	}

	private final ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("live-updates").factory());

	/** A screen of this agent; one showing a conversation also learns who else has it open and is typing. */
	SseEmitter subscribe(UUID agentId, String agentName, @Nullable UUID conversationId, @Nullable String screenId) {
		SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
		Screen screen = new Screen(agentId, agentName, conversationId, screenId);
		emitter.onCompletion(() -> gone(emitter));
		emitter.onTimeout(() -> gone(emitter));
		emitter.onError(failure -> gone(emitter));
		this.screens.put(emitter, screen);
		this.sender.execute(() -> {
			send(emitter, SseEmitter.event().comment("connected"));
			if (conversationId != null) {
				tellViewers(conversationId);
			}
		});
		return emitter;
	}

	/** The agents who have a workspace screen open on this node. */
	java.util.Set<UUID> agentsThere() {
		return this.screens.values().stream().map(Screen::agentId).collect(java.util.stream.Collectors.toSet());
	}

	/** An agent types in a conversation: the others who have it open see it for a few seconds. */
	void typing(UUID conversationId, UUID agentId, String agentName) {
		this.sender.execute(() -> this.screens.forEach((emitter, screen) -> {
			if (conversationId.equals(screen.conversationId()) && !agentId.equals(screen.agentId())) {
				send(emitter, SseEmitter.event().name("typing").data(agentName));
			}
		}));
	}

	/**
	 * The agent's page said it is closing (a browser does not say so on the connection itself; the server
	 * would only notice at its next write).
	 */
	void closed(UUID agentId, String screenId) {
		this.screens.forEach((emitter, screen) -> {
			if (agentId.equals(screen.agentId()) && screenId.equals(screen.screenId())) {
				gone(emitter);
				emitter.complete();
			}
		});
	}

	private void gone(SseEmitter emitter) {
		Screen screen = this.screens.remove(emitter);
		if (screen != null && screen.conversationId() != null) {
			this.sender.execute(() -> tellViewers(screen.conversationId()));
		}
	}

	/** Tells every screen on the conversation which colleagues (not the agent itself) have it open too. */
	private void tellViewers(UUID conversationId) {
		this.screens.forEach((emitter, screen) -> {
			if (conversationId.equals(screen.conversationId())) {
				String others = this.screens.values()
					.stream()
					.filter(other -> conversationId.equals(other.conversationId()) && !other.agentId().equals(screen.agentId()))
					.map(Screen::agentName)
					.distinct()
					.sorted()
					.collect(java.util.stream.Collectors.joining(", "));
				send(emitter, SseEmitter.event().name("viewers").data(others));
			}
		});
	}

	@EventListener
	void on(AgentTyping event) {
		typing(event.conversationId(), event.agentId(), event.agentName());
	}

	/** The customer types (in the chat widget): everyone who has the conversation open sees it. */
	@EventListener
	void on(ContactTyping event) {
		this.sender.execute(() -> this.screens.forEach((emitter, screen) -> {
			if (event.conversationId().equals(screen.conversationId())) {
				send(emitter, SseEmitter.event().name("typing").data(event.contactName()));
			}
		}));
	}

	@EventListener
	void on(MessageReceived event) {
		changed(event.conversationId());
	}

	@EventListener
	void on(ConversationCreated event) {
		changed(event.conversationId());
	}

	@EventListener
	void on(ConversationAssigned event) {
		changed(event.conversationId());
	}

	@EventListener
	void on(ConversationStatusChanged event) {
		changed(event.conversationId());
	}

	@EventListener
	void on(ReplyQueued event) {
		changed(event.conversationId());
	}

	@EventListener
	void on(MessageDeliveryChanged event) {
		changed(event.conversationId());
	}

	@EventListener
	void on(NoteAdded event) {
		changed(event.conversationId());
	}

	@EventListener
	void on(ConversationsMerged event) {
		changed(event.targetId());
		changed(event.mergedId());
	}

	/** Keeps connections open through proxies that close quiet ones. */
	@Scheduled(fixedDelay = 15_000, initialDelay = 15_000)
	void heartbeat() {
		this.sender.execute(() -> this.screens.keySet().forEach(screen -> send(screen, SseEmitter.event().comment("still here"))));
	}

	private void changed(UUID conversationId) {
		Runnable tell = () -> this.sender.execute(() -> this.screens.keySet()
			.forEach(screen -> send(screen, SseEmitter.event().name("conversation").data(conversationId.toString()))));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					tell.run();
				}
			});
		}
		else {
			tell.run();
		}
	}

	private void send(SseEmitter screen, SseEmitter.SseEventBuilder event) {
		try {
			screen.send(event);
		}
		catch (IOException | IllegalStateException closed) {
			this.screens.remove(screen);
		}
	}

	@PreDestroy
	void stop() {
		this.sender.shutdownNow();
		this.screens.keySet().forEach(SseEmitter::complete);
	}

}
