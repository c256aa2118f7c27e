package nl.naadloos.contacts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.naadloos.platform.InvalidRequest;

/**
 * Resolves the sender of every inbound message to a contact (ARCHITECTURE.md §4, "Identity → contact").
 * Called inside a transaction, it takes part in it and the caller retries on a collision. Otherwise each
 * attempt runs in a transaction of its own; when a concurrent attempt for the same sender wins the
 * race to insert an identity, the unique constraint refuses the loser, which starts again and then finds
 * what the winner stored.
 */
@Service
class SenderResolver implements ContactResolution {

	private static final Logger log = LoggerFactory.getLogger(SenderResolver.class);

	private static final int ATTEMPTS = 5;

	private final Contacts contacts;

	private final Identities identities;

	private final MergeService merging;

	private final ContactAuditLog audit;

	private final ContactsProperties properties;

	private final TransactionTemplate tx;

	private final Clock clock;

	SenderResolver(Contacts contacts, Identities identities, MergeService merging, ContactAuditLog audit,
			ContactsProperties properties, PlatformTransactionManager transactions, Clock clock) {
		this.contacts = contacts;
		this.identities = identities;
		this.merging = merging;
		this.audit = audit;
		this.properties = properties;
		this.tx = new TransactionTemplate(transactions);
		this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	@Override
	public ResolvedSender resolve(SenderHints sender) {
		return resolve(sender, null);
	}

	@Override
	public ResolvedSender resolve(SenderHints sender, @Nullable UUID answeredIdentityId) {
		Address primary = primary(sender);
		List<Address> hints = hints(sender, primary);
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			// Part of the caller's transaction (threading an inbound message): a collision rolls that back
			// as a whole and the caller starts again.
			return resolveOnce(sender, primary, hints, answeredIdentityId);
		}
		for (int attempt = 1;; attempt++) {
			try {
				ResolvedSender resolved = this.tx.execute(status -> resolveOnce(sender, primary, hints, answeredIdentityId));
				if (resolved == null) {
					throw new IllegalStateException("Resolution returned nothing");
				}
				return resolved;
			}
			catch (DataIntegrityViolationException | ConcurrencyFailureException concurrent) {
				if (attempt == ATTEMPTS) {
					throw concurrent;
				}
				// A concurrent message of the same sender stored the identity a moment ago: look again.
				log.debug("Resolving {} collided with a concurrent resolution (attempt {}): {}", primary.describe(),
						attempt, concurrent.getMessage());
			}
		}
	}

	private ResolvedSender resolveOnce(SenderHints sender, Address primary, List<Address> hints,
			@Nullable UUID answeredIdentityId) {
		Instant now = this.clock.instant();
		String channel = channel(sender);
		Optional<Identity> known = this.identities.find(primary);
		Identity identity;
		boolean created = false;
		if (known.isPresent() && known.get().isUnverifiedHint() && known.get().id().equals(answeredIdentityId)) {
			// We wrote to this address for its contact, and the answer comes from it: the address is theirs.
			identity = known.get();
			identity.verify("answered a message sent to it", now);
			identity.seen(now);
			this.audit.record(identity.contactId(), null, ContactAuditLog.IDENTITY_VERIFIED, "The " + identity.describe()
					+ " answered a message sent to it on channel " + channel + ".");
		}
		else if (known.isPresent() && known.get().isUnverifiedHint()) {
			// Someone else gave this address without proof; now its owner writes in from it. The owner gets
			// their own contact with the address, and an agent decides whether the two are the same person.
			identity = known.get();
			UUID claimant = identity.contactId();
			Contact contact = newContact(sender, primary, channel, now);
			identity.moveTo(contact.id());
			identity.verify("channel " + channel, now);
			identity.seen(now);
			created = true;
			this.audit.record(claimant, null, ContactAuditLog.IDENTITY_REMOVED, "The unverified " + identity.describe()
					+ " moved to the contact who wrote in from it on channel " + channel + ".");
			this.audit.record(contact.id(), null, ContactAuditLog.IDENTITY_VERIFIED,
					"The " + identity.describe() + " wrote in on channel " + channel + ".");
			this.merging.suggest(contact.id(), claimant, "The " + identity.describe()
					+ " was given unverified on the other contact and has now written in itself on channel " + channel);
		}
		else if (known.isPresent()) {
			identity = known.get();
			identity.seen(now);
			if (!identity.isVerified()) {
				identity.verify("channel " + channel, now);
				this.audit.record(identity.contactId(), null, ContactAuditLog.IDENTITY_VERIFIED,
						"The " + identity.describe() + " wrote in on channel " + channel + ".");
			}
		}
		else {
			Optional<Identity> vouched = sender.hintsVerified() ? verifiedIdentityOf(hints) : Optional.empty();
			if (vouched.isPresent()) {
				identity = addIdentity(vouched.get().contactId(), primary,
						"trusted channel account " + sender.channelAccountId(), "channel " + channel, now);
			}
			else {
				Contact contact = newContact(sender, primary, channel, now);
				identity = addIdentity(contact.id(), primary, "channel " + channel, "channel " + channel, now);
				created = true;
			}
		}
		UUID contactId = identity.contactId();
		for (Address hint : hints) {
			processHint(sender, channel, contactId, hint, now);
		}
		return new ResolvedSender(contactId, identity.id(), created);
	}

	/** The contact of the first hint that is a verified identity: a trusted account vouches for the sender. */
	private Optional<Identity> verifiedIdentityOf(List<Address> hints) {
		return hints.stream()
			.map(this.identities::find)
			.flatMap(Optional::stream)
			.filter(Identity::isVerified)
			.findFirst();
	}

	private Contact newContact(SenderHints sender, Address primary, String channel, Instant now) {
		String name = name(sender.name()).orElse(shorten(primary.displayAddress(), Contact.MAX_NAME));
		Contact contact = new Contact(name, language(sender.language()), null, null, now);
		// Flushed first: the identity refers to the contact, and nothing tells Hibernate to insert it first.
		this.contacts.saveAndFlush(contact);
		this.audit.record(contact.id(), null, ContactAuditLog.CREATED,
				"Contact created for a first message on channel " + channel + ".");
		return contact;
	}

	/** Adds an identity and flushes, so that a concurrent insert of the same address fails here. */
	private Identity addIdentity(UUID contactId, Address address, @Nullable String verifiedBy, String source,
			Instant now) {
		Identity identity = this.identities.saveAndFlush(new Identity(contactId, address, verifiedBy, source, now));
		this.audit.record(contactId, null, ContactAuditLog.IDENTITY_ADDED, "Added " + identity.describe() + " ("
				+ (verifiedBy == null ? "unverified" : "verified by " + verifiedBy) + ", " + source + ").");
		return identity;
	}

	/**
	 * An e-mail address or phone number the sender gave: a new one is added to the contact (verified only
	 * through a trusted account), a known one of this contact may become verified, and one of another
	 * contact leads to a merge suggestion, never to a merge.
	 */
	private void processHint(SenderHints sender, String channel, UUID contactId, Address hint, Instant now) {
		String trusted = "trusted channel account " + sender.channelAccountId();
		Optional<Identity> existing = this.identities.find(hint);
		if (existing.isEmpty()) {
			addIdentity(contactId, hint, sender.hintsVerified() ? trusted : null, Identity.HINT_SOURCE + channel, now);
			return;
		}
		Identity identity = existing.get();
		if (identity.belongsTo(contactId)) {
			identity.seen(now);
			if (sender.hintsVerified() && !identity.isVerified()) {
				identity.verify(trusted, now);
				this.audit.record(contactId, null, ContactAuditLog.IDENTITY_VERIFIED,
						"Verified " + identity.describe() + " (given on " + trusted + ").");
			}
			return;
		}
		String reason = "Same " + hint.describe() + " given on channel " + channel
				+ (sender.hintsVerified() ? " (verified)" : " (unverified)");
		this.merging.suggest(contactId, identity.contactId(), reason);
	}

	private Address primary(SenderHints sender) {
		return Address.of(sender.primaryKind(), sender.primaryAddress(), channel(sender), sender.channelAccountId(),
				this.properties.defaultRegion());
	}

	/** The e-mail address and phone number the sender gave, as far as they are valid; never the primary. */
	private List<Address> hints(SenderHints sender, Address primary) {
		List<Address> hints = new ArrayList<>();
		hint(sender, IdentityKind.EMAIL, sender.email()).ifPresent(hints::add);
		hint(sender, IdentityKind.PHONE, sender.phone()).ifPresent(hints::add);
		hints.removeIf(primary::sameAs);
		return hints;
	}

	private Optional<Address> hint(SenderHints sender, IdentityKind kind, @Nullable String raw) {
		if (raw == null || raw.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Address.of(kind, raw, channel(sender), null, this.properties.defaultRegion()));
		}
		catch (InvalidRequest invalid) {
			// A customer's typo must never cost the message; the hint is simply not used.
			log.debug("Ignoring an invalid {} hint on channel account {}: {}", kind.key(), sender.channelAccountId(),
					invalid.getMessage());
			return Optional.empty();
		}
	}

	private static String channel(SenderHints sender) {
		String channel = sender.channel().strip().toLowerCase(Locale.ROOT);
		if (channel.isEmpty()) {
			throw new InvalidRequest("The channel of the sender is missing.");
		}
		return channel;
	}

	private static Optional<String> name(@Nullable String name) {
		if (name == null) {
			return Optional.empty();
		}
		String cleaned = name.replaceAll("\\p{Cntrl}", " ").strip();
		return cleaned.isEmpty() ? Optional.empty() : Optional.of(shorten(cleaned, Contact.MAX_NAME));
	}

	private static @Nullable String language(@Nullable String language) {
		if (language == null) {
			return null;
		}
		// "nl-NL" and "en_GB" name a language too; only the language is kept.
		String normalised = language.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
		return ContactService.LANGUAGE.matcher(normalised).matches() ? normalised : null;
	}

	private static String shorten(String text, int max) {
		return text.length() <= max ? text : text.substring(0, max);
	}

}
