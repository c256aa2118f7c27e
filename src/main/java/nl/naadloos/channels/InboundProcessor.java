package nl.naadloos.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.naadloos.conversations.ConversationInbox;
import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.conversations.InboundResult;
import nl.naadloos.platform.Channel;

/**
 * The durable inbound path of every channel: store the raw event under its provider id (committed
 * before the provider gets its 2xx), then process it into contact, conversation and message in one
 * transaction that also marks it processed. A crash between the two leaves an unprocessed event that
 * the recovery job picks up; a repeated delivery finds the stored event and changes nothing.
 * <p>
 * Processing happens on one of a few worker threads, whether the sender waits for the result
 * ({@link #processAndWait}) or not ({@link #processLater}). Events of one sender always go to the same
 * worker, so a customer's messages are threaded in the order they arrived.
 */
@Component
class InboundProcessor implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);

	/** Events younger than this are still being processed by the request or worker that stored them. */
	static final Duration RECOVERY_GRACE = Duration.ofSeconds(30);

	private static final int ATTEMPTS = 5;

	private static final int RECOVERY_BATCH = 500;

	private static final Duration RECOVERY_WAIT = Duration.ofSeconds(5);

	private final InboundEvents events;

	private final ChannelAccountService accounts;

	private final ConversationInbox inbox;

	private final Map<Channel, InboundParser> parsers;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final JdbcTemplate jdbc;

	private final int batchSize;

	private final List<Worker> workers = new ArrayList<>();

	/** Requests waiting for the result of their event. */
	private final Map<UUID, CompletableFuture<@Nullable InboundResult>> waiting = new ConcurrentHashMap<>();

	/** Events waiting in a worker's queue, which the recovery job leaves alone. */
	private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	InboundProcessor(InboundEvents events, ChannelAccountService accounts, ConversationInbox inbox,
			List<InboundParser> parsers, PlatformTransactionManager transactions, Clock clock, JdbcTemplate jdbc,
			@Value("${naadloos.channels.inbound.workers:4}") int workers,
			@Value("${naadloos.channels.inbound.batch-size:5}") int batchSize,
			@Value("${naadloos.channels.inbound.queue-capacity:10000}") int queueCapacity) {
		this.events = events;
		this.accounts = accounts;
		this.inbox = inbox;
		this.parsers = parsers.stream().collect(Collectors.toMap(InboundParser::channel, Function.identity()));
		this.tx = new TransactionTemplate(transactions);
		this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.jdbc = jdbc;
		this.batchSize = Math.max(1, batchSize);
		for (int i = 0; i < Math.max(1, workers); i++) {
			this.workers.add(new Worker(i, Math.max(1, queueCapacity / Math.max(1, workers))));
		}
	}

	/**
	 * Stores the raw event, or finds the one stored by an earlier delivery; committed on return. One
	 * plain INSERT (in its own auto-committed statement) on the path that acknowledges the provider.
	 */
	StoredEvent store(UUID channelAccountId, String providerId, String orderKey, String payload) {
		for (int attempt = 0; attempt < 3; attempt++) {
			UUID id = UUID.randomUUID();
			try {
				// Insert first: a repeated delivery is the exception, so it pays for the extra read.
				this.jdbc.update("""
						insert into inbound_events (id, channel_account_id, provider_id, order_key, payload, received_at, attempts)
						values (?, ?, ?, ?, ?, ?, 0)""", id, channelAccountId, providerId, orderKey, payload,
						OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
				return new StoredEvent(id, null);
			}
			catch (DuplicateKeyException alreadyStored) {
				// Stored by an earlier delivery, or by a copy that arrived at the same moment (the unique
				// index waited for that one to commit): read it.
				var existing = this.events.findByChannelAccountIdAndProviderId(channelAccountId, providerId);
				if (existing.isPresent()) {
					return new StoredEvent(existing.get().id(), existing.get().result());
				}
			}
		}
		throw new IllegalStateException("Could not store inbound event " + providerId);
	}

	/**
	 * A stored raw event.
	 * @param id its id
	 * @param result where it landed, when it was processed already (an earlier delivery of it)
	 */
	record StoredEvent(UUID id, @Nullable InboundResult result) {
	}

	/**
	 * Processes a stored event (once: a processed event returns its stored result).
	 * @return the result, or {@code null} when processing failed and will be retried
	 */
	@Nullable InboundResult process(UUID eventId) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.tx.execute(status -> processOnce(eventId));
			}
			catch (DataIntegrityViolationException | ConcurrencyFailureException collision) {
				// A concurrent first message of the same new sender, or a second processing of this event:
				// everything was rolled back; the next attempt finds what the other one stored.
				if (attempt == ATTEMPTS) {
					return failed(eventId, collision);
				}
			}
			catch (RuntimeException | StackOverflowError ex) {
				// A mail built to overflow a parser fails as itself, without taking its worker down.
				return failed(eventId, ex);
			}
		}
	}

	private @Nullable InboundResult processOnce(UUID eventId) {
		InboundEvent event = this.events.findById(eventId).orElse(null);
		if (event == null) {
			return null;
		}
		if (event.isProcessed()) {
			return event.result();
		}
		ChannelAccountService.LiveAccount account = this.accounts.live(event.channelAccountId())
			.orElseThrow(() -> new IllegalStateException("The channel account " + event.channelAccountId()
					+ " no longer exists."));
		InboundParser parser = this.parsers.get(account.account().kind());
		if (parser == null) {
			throw new IllegalStateException("No inbound parser for " + account.account().kind().key());
		}
		// Threading is idempotent on the provider message id, so a concurrent second processing of the
		// same event finds the first one's message instead of storing another.
		InboundEnvelope envelope = parser.envelope(event, account.account(), account.settings());
		InboundResult result = this.inbox.receive(envelope);
		if (!result.duplicate()) {
			parser.afterReceive(envelope, result, account.account(), account.settings());
		}
		event.processed(result, this.clock.instant());
		return result;
	}

	/**
	 * Processes several queued events in one transaction (one commit, one WAL flush, instead of one per
	 * message). When any of them fails or collides, everything is rolled back and they are processed one
	 * by one, so one bad event never holds up the others.
	 */
	void processBatch(List<UUID> eventIds) {
		Map<UUID, InboundResult> results = new HashMap<>();
		boolean done = false;
		if (eventIds.size() > 1) {
			try {
				this.tx.executeWithoutResult(status -> eventIds.forEach(id -> {
					InboundResult result = processOnce(id);
					if (result != null) {
						results.put(id, result);
					}
				}));
				done = true;
			}
			catch (RuntimeException | StackOverflowError ex) {
				results.clear();
				log.debug("A batch of {} inbound events is processed one by one after: {}", eventIds.size(), ex.toString());
			}
		}
		if (!done) {
			for (UUID id : eventIds) {
				InboundResult result = process(id);
				if (result != null) {
					results.put(id, result);
				}
			}
		}
		// Committed: tell the requests that wait for these events where they landed.
		for (UUID id : eventIds) {
			CompletableFuture<@Nullable InboundResult> waiter = this.waiting.remove(id);
			if (waiter != null) {
				waiter.complete(results.get(id));
			}
		}
	}

	/**
	 * Processes a stored event on the worker of its sender and waits for the result: the request of a
	 * sender that wants the ids is answered after the same ordered, bounded processing as everything else
	 * (a handful of workers instead of one transaction per request thread, which on a small machine costs
	 * several times the CPU per message; see docs/benchmarks.md).
	 * @return the result, or {@code null} when it is not done within {@code wait} (it stays queued)
	 */
	@Nullable InboundResult processAndWait(UUID eventId, String orderKey, Duration wait) {
		// A second delivery of the same event while the first waits shares its result.
		CompletableFuture<@Nullable InboundResult> done = this.waiting.computeIfAbsent(eventId,
				id -> new CompletableFuture<>());
		try {
			if (!this.running || !enqueue(eventId, orderKey, wait)) {
				// Not started yet, or the queues are full: do it here rather than keep the sender waiting.
				return process(eventId);
			}
			return done.get(wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException ex) {
			return null;
		}
		finally {
			this.waiting.remove(eventId, done);
		}
	}

	private @Nullable InboundResult failed(UUID eventId, Throwable ex) {
		log.warn("Processing inbound event {} failed; it will be retried: {}", eventId, ex.toString());
		try {
			this.tx.executeWithoutResult(status -> this.events.findById(eventId).ifPresent(e -> e.failed(ex.toString())));
		}
		catch (RuntimeException recordingFailed) {
			log.warn("Could not record the failure of inbound event {}: {}", eventId, recordingFailed.toString());
		}
		return null;
	}

	/**
	 * Hands a stored event to a worker, chosen by {@code orderKey} (the sender on the channel account) so
	 * that one sender's messages are processed one after the other. When the queues are full the event
	 * simply waits in the database for the recovery job; nothing is lost.
	 */
	void processLater(UUID eventId, String orderKey) {
		if (!enqueue(eventId, orderKey, Duration.ZERO)) {
			log.debug("Inbound queues are full; event {} waits for the recovery job", eventId);
		}
	}

	private boolean enqueue(UUID eventId, String orderKey, Duration wait) {
		Worker worker = this.workers.get(Math.floorMod(orderKey.hashCode(), this.workers.size()));
		if (!this.queued.add(eventId)) {
			return true;
		}
		boolean accepted;
		try {
			accepted = worker.queue.offer(eventId, wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			accepted = false;
		}
		if (!accepted) {
			this.queued.remove(eventId);
		}
		return accepted;
	}

	/**
	 * Hands what a crash, a full queue or a failure left behind to the workers, in the order it arrived,
	 * each event to the worker of its sender. Safe on several nodes (processing is idempotent).
	 */
	@Scheduled(fixedDelayString = "${naadloos.channels.inbound-recovery-interval:PT10S}", initialDelayString = "PT5S")
	void recover() {
		Instant cutoff = this.clock.instant().minus(RECOVERY_GRACE);
		Instant after = Instant.EPOCH;
		List<InboundEvents.Pending> pending;
		do {
			// Page on by time: events already in a queue are skipped, not found again and again.
			pending = this.events.unprocessed(after, cutoff, InboundEvent.MAX_ATTEMPTS, Limit.of(RECOVERY_BATCH));
			for (InboundEvents.Pending event : pending) {
				if (!this.running) {
					return;
				}
				String key = event.orderKey() == null ? event.id().toString() : event.orderKey();
				if (!this.queued.contains(event.id()) && !enqueue(event.id(), key, RECOVERY_WAIT)) {
					return; // the workers stay busy: the rest waits for the next round
				}
				after = event.receivedAt();
			}
		}
		while (pending.size() == RECOVERY_BATCH);
	}

	@Override
	public void start() {
		this.running = true;
		this.workers.forEach(Worker::start);
	}

	/** Stops taking work; what is still queued stays stored and is processed after the next start. */
	@Override
	public void stop() {
		this.running = false;
		for (Worker worker : this.workers) {
			try {
				worker.thread.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts before and stops after the web server (which takes the requests that fill the queues). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private final class Worker implements Runnable {

		final int index;

		final BlockingQueue<UUID> queue;

		/** A new thread at every start: the application context may be stopped and started again. */
		volatile Thread thread;

		Worker(int index, int capacity) {
			this.index = index;
			this.queue = new ArrayBlockingQueue<>(capacity);
			this.thread = Thread.ofPlatform().name("inbound-" + index).daemon().unstarted(this);
		}

		void start() {
			this.thread = Thread.ofPlatform().name("inbound-" + this.index).daemon().start(this);
		}

		@Override
		public void run() {
			while (InboundProcessor.this.running) {
				UUID first;
				try {
					// What is being processed is finished at shutdown; what is still queued stays stored.
					first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					return;
				}
				if (first == null) {
					continue;
				}
				// Under load the queue holds more: take them along, in arrival order.
				List<UUID> batch = new ArrayList<>(InboundProcessor.this.batchSize);
				batch.add(first);
				this.queue.drainTo(batch, InboundProcessor.this.batchSize - 1);
				try {
					processBatch(batch);
				}
				catch (RuntimeException ex) {
					log.warn("Inbound worker {} could not process events {}", this.index, batch, ex);
				}
				finally {
					batch.forEach(InboundProcessor.this.queued::remove);
				}
			}
		}

	}

}
