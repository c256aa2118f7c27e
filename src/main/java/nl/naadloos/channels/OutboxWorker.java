package nl.naadloos.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.naadloos.contacts.ContactDirectory;
import nl.naadloos.contacts.IdentitySummary;
import nl.naadloos.conversations.DeliveryStatus;
import nl.naadloos.conversations.OutboundDelivery;
import nl.naadloos.conversations.OutboundDelivery.OutboundMessage;
import nl.naadloos.conversations.ReplyQueued;
import nl.naadloos.platform.Channel;

/**
 * Delivers queued replies. A {@link ReplyQueued} event (stored with the reply in its transaction)
 * becomes an outbox row; workers on any node claim due rows with a lease, send them through the
 * channel's provider, and report the outcome back to the conversation: sent, or failed with the reason
 * once the retries (exponential back-off) are used up. Nothing is lost and nothing fails silently.
 */
@Component
class OutboxWorker {

	private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

	private final Outbox outbox;

	private final OutboundDelivery delivery;

	private final ChannelAccountService accounts;

	private final ContactDirectory contacts;

	private final Map<Channel, ChannelProvider> providers;

	private final OutboxProperties properties;

	private final TransactionTemplate tx;

	private final Clock clock;

	OutboxWorker(Outbox outbox, OutboundDelivery delivery, ChannelAccountService accounts, ContactDirectory contacts,
			List<ChannelProvider> providers, OutboxProperties properties, PlatformTransactionManager transactions,
			Clock clock) {
		this.outbox = outbox;
		this.delivery = delivery;
		this.accounts = accounts;
		this.contacts = contacts;
		this.providers = providers.stream().collect(Collectors.toMap(ChannelProvider::channel, Function.identity()));
		this.properties = properties;
		this.tx = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(ReplyQueued reply) {
		if (this.outbox.findByMessageId(reply.messageId()).isPresent()) {
			return;
		}
		try {
			this.outbox.save(new OutboxEntry(reply.messageId(), reply.channelAccountId(), this.clock.instant()));
		}
		catch (DataIntegrityViolationException alreadyQueued) {
			// The event was delivered twice (republished after a restart); one row is enough.
		}
	}

	@Scheduled(fixedDelayString = "${naadloos.channels.outbox.poll-interval:PT0.5S}", initialDelayString = "PT2S")
	void deliverDue() {
		Instant now = this.clock.instant();
		for (UUID id : this.outbox.due(now, Limit.of(50))) {
			Instant lease = now.plus(this.properties.timeout().multipliedBy(3));
			Integer claimed = this.tx.execute(status -> this.outbox.claim(id, now, lease));
			if (claimed != null && claimed == 1) {
				deliver(id);
			}
		}
	}

	void deliver(UUID entryId) {
		OutboxEntry entry = this.outbox.findById(entryId).orElseThrow();
		ChannelProvider.Result result;
		Optional<OutboundMessage> message = this.delivery.outboundMessage(entry.messageId());
		ChannelAccount account = this.accounts.find(entry.channelAccountId()).isPresent()
				? this.accounts.account(entry.channelAccountId()) : null;
		if (message.isEmpty()) {
			result = ChannelProvider.Result.failed("The message no longer exists.");
		}
		else if (account == null || !account.isActive()) {
			result = ChannelProvider.Result.failed("The channel account is deleted or switched off.");
		}
		else {
			result = send(account, message.get());
		}
		record(entry.id(), entry.messageId(), result);
	}

	private ChannelProvider.Result send(ChannelAccount account, OutboundMessage message) {
		ChannelProvider provider = this.providers.get(account.kind());
		if (provider == null) {
			return ChannelProvider.Result.failed("Sending on " + account.kind().key() + " is not available.");
		}
		String address = this.contacts.identitiesOf(message.contactId())
			.stream()
			.filter(identity -> identity.id().equals(message.identityId()))
			.map(IdentitySummary::address)
			.findFirst()
			.orElse(null);
		if (address == null) {
			return ChannelProvider.Result.failed("The contact's address on this channel was removed.");
		}
		try {
			return provider.send(account, this.accounts.settings(account), message, address);
		}
		catch (RuntimeException ex) {
			log.warn("Sending message {} through {} failed", message.messageId(), account.id(), ex);
			return ChannelProvider.Result.retry(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private void record(UUID entryId, UUID messageId, ChannelProvider.Result result) {
		this.tx.executeWithoutResult(status -> {
			OutboxEntry entry = this.outbox.findById(entryId).orElseThrow();
			Instant now = this.clock.instant();
			switch (result.outcome()) {
				case SENT -> {
					entry.sent(now);
					this.delivery.recordDelivery(messageId, DeliveryStatus.SENT, null, result.providerMessageId());
				}
				case RETRY -> {
					boolean exhausted = entry.attempts() + 1 >= this.properties.maxAttempts();
					Duration wait = exhausted ? null : this.properties.backoffAfter(entry.attempts() + 1);
					entry.attemptFailed(result.error(), wait, now);
					if (exhausted) {
						this.delivery.recordDelivery(messageId, DeliveryStatus.FAILED,
								"Gave up after " + entry.attempts() + " attempts: " + result.error(), null);
					}
				}
				case FAILED -> {
					entry.attemptFailed(result.error(), null, now);
					this.delivery.recordDelivery(messageId, DeliveryStatus.FAILED, result.error(), null);
				}
			}
		});
	}

}
