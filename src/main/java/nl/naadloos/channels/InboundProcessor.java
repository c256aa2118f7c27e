package nl.naadloos.channels;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.naadloos.conversations.ConversationInbox;
import nl.naadloos.conversations.InboundResult;
import nl.naadloos.platform.Channel;

/**
 * The durable inbound path of every channel: store the raw event under its provider id (committed
 * before the provider gets its 2xx), then process it into conversations in a second transaction that
 * also marks it processed. A crash between the two leaves an unprocessed event that the recovery job
 * picks up; a repeated delivery finds the stored event and changes nothing.
 */
@Component
class InboundProcessor {

	private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);

	/** Events younger than this are still being processed by the request that stored them. */
	static final Duration RECOVERY_GRACE = Duration.ofSeconds(30);

	private final InboundEvents events;

	private final ChannelAccountService accounts;

	private final ConversationInbox inbox;

	private final Map<Channel, InboundParser> parsers;

	private final TransactionTemplate tx;

	private final Clock clock;

	InboundProcessor(InboundEvents events, ChannelAccountService accounts, ConversationInbox inbox,
			List<InboundParser> parsers, PlatformTransactionManager transactions,
			Clock clock) {
		this.events = events;
		this.accounts = accounts;
		this.inbox = inbox;
		this.parsers = parsers.stream().collect(Collectors.toMap(InboundParser::channel, Function.identity()));
		this.tx = new TransactionTemplate(transactions);
		this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/** Stores the raw event, or finds the one stored by an earlier delivery; committed on return. */
	InboundEvent store(UUID channelAccountId, String providerId, String payload) {
		for (int attempt = 0; attempt < 3; attempt++) {
			Optional<InboundEvent> existing = this.events.findByChannelAccountIdAndProviderId(channelAccountId, providerId);
			if (existing.isPresent()) {
				return existing.get();
			}
			try {
				return this.tx.execute(status -> this.events
					.save(new InboundEvent(channelAccountId, providerId, payload, this.clock.instant())));
			}
			catch (DataIntegrityViolationException concurrentDelivery) {
				// The same event arrived twice at once; the other copy is stored, read it.
			}
		}
		throw new IllegalStateException("Could not store inbound event " + providerId);
	}

	/**
	 * Processes a stored event (once: a processed event returns its stored result).
	 * @return the result, or {@code null} when processing failed and will be retried
	 */
	@Nullable InboundResult process(UUID eventId) {
		try {
			InboundEvent event = this.events.findById(eventId).orElse(null);
			if (event == null) {
				return null;
			}
			if (event.isProcessed()) {
				return event.result();
			}
			ChannelAccount account = this.accounts.account(event.channelAccountId());
			InboundParser parser = this.parsers.get(account.kind());
			// Threading is idempotent on the provider message id, so a concurrent second processing
			// of the same event finds the first one's message instead of storing another.
			InboundResult result = this.inbox.receive(parser.envelope(event, account, this.accounts.settings(account)));
			this.tx.executeWithoutResult(status -> this.events.findById(eventId).ifPresent(stored -> {
				if (!stored.isProcessed()) {
					stored.processed(result, this.clock.instant());
				}
			}));
			return result;
		}
		catch (RuntimeException ex) {
			log.warn("Processing inbound event {} failed; it will be retried: {}", eventId, ex.toString());
			this.tx.executeWithoutResult(status -> this.events.findById(eventId).ifPresent(e -> e.failed(ex.toString())));
			return null;
		}
	}

	/** Processes what a crash or a failure left behind. Safe on several nodes: events are row-locked. */
	@Scheduled(fixedDelayString = "${naadloos.channels.inbound-recovery-interval:PT10S}", initialDelayString = "PT5S")
	void recover() {
		List<UUID> pending = this.events.unprocessedBefore(this.clock.instant().minus(RECOVERY_GRACE),
				InboundEvent.MAX_ATTEMPTS, Limit.of(200));
		for (UUID id : pending) {
			process(id);
		}
	}

}
