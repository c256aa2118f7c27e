package nl.naadloos.workspace;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

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
 * On one node: across nodes this needs the cluster bus (not built yet).
 */
@Component
class LiveUpdates {

	static final Duration TIMEOUT = Duration.ofMinutes(30);

	private final Set<SseEmitter> screens = ConcurrentHashMap.newKeySet();

	private final ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("live-updates").factory());

	SseEmitter subscribe() {
		SseEmitter screen = new SseEmitter(TIMEOUT.toMillis());
		screen.onCompletion(() -> this.screens.remove(screen));
		screen.onTimeout(() -> this.screens.remove(screen));
		screen.onError(failure -> this.screens.remove(screen));
		this.screens.add(screen);
		this.sender.execute(() -> send(screen, SseEmitter.event().comment("connected")));
		return screen;
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
	@Scheduled(fixedDelay = 25_000, initialDelay = 25_000)
	void heartbeat() {
		this.sender.execute(() -> this.screens.forEach(screen -> send(screen, SseEmitter.event().comment("still here"))));
	}

	private void changed(UUID conversationId) {
		Runnable tell = () -> this.sender.execute(() -> this.screens
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
		catch (IOException | IllegalStateException gone) {
			this.screens.remove(screen);
		}
	}

	@PreDestroy
	void stop() {
		this.sender.shutdownNow();
		this.screens.forEach(SseEmitter::complete);
	}

}
