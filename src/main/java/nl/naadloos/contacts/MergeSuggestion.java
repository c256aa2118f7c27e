package nl.naadloos.contacts;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * Evidence that two contacts may be one person, waiting for an agent to accept (merge) or dismiss it.
 * Accepting merges {@code contactId} into {@code otherContactId}, the contact that already had the
 * address.
 */
@Entity
@Table(name = "contact_merge_suggestions")
class MergeSuggestion extends AbstractAggregateRoot<MergeSuggestion> {

	enum Status {

		OPEN, ACCEPTED, DISMISSED;

		String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Status fromKey(String key) {
			return valueOf(key.strip().toUpperCase(Locale.ROOT));
		}

	}

	@Id
	private UUID id;

	private UUID contactId;

	private UUID otherContactId;

	private String reason;

	@Enumerated(EnumType.STRING)
	private Status status;

	/**
	 * Both contact ids, in order, while the suggestion is open and {@code null} after: unique, so that a
	 * pair of contacts has at most one open suggestion even when two messages suggest it at once.
	 */
	private @Nullable String openPair;

	private Instant createdAt;

	private @Nullable Instant decidedAt;

	private @Nullable UUID decidedBy;

	private @Nullable UUID mergeId;

	@Version
	private long version;

	protected MergeSuggestion() {
		this.id = UUID.randomUUID();
		this.contactId = Identity.GLOBAL;
		this.otherContactId = Identity.GLOBAL;
		this.reason = "";
		this.status = Status.OPEN;
		this.createdAt = Instant.EPOCH;
	}

	MergeSuggestion(UUID contactId, UUID otherContactId, String reason, Instant now) {
		this.id = UUID.randomUUID();
		this.contactId = contactId;
		this.otherContactId = otherContactId;
		this.reason = reason;
		this.status = Status.OPEN;
		this.openPair = pair(contactId, otherContactId);
		this.createdAt = now;
		registerEvent(new MergeSuggested(this.id, contactId, otherContactId, reason));
	}

	/** The key of a pair of contacts, the same in either order. */
	static String pair(UUID one, UUID other) {
		String a = one.toString();
		String b = other.toString();
		return a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
	}

	void accept(UUID mergeId, @Nullable UUID agentId, Instant now) {
		decide(Status.ACCEPTED, agentId, now);
		this.mergeId = mergeId;
	}

	void dismiss(@Nullable UUID agentId, Instant now) {
		decide(Status.DISMISSED, agentId, now);
	}

	private void decide(Status decision, @Nullable UUID agentId, Instant now) {
		if (this.status != Status.OPEN) {
			throw new IllegalStateException("Merge suggestion " + this.id + " is already " + this.status.key());
		}
		this.status = decision;
		this.openPair = null;
		this.decidedAt = now;
		this.decidedBy = agentId;
	}

	boolean isOpen() {
		return this.status == Status.OPEN;
	}

	UUID id() {
		return this.id;
	}

	UUID contactId() {
		return this.contactId;
	}

	UUID otherContactId() {
		return this.otherContactId;
	}

	String reason() {
		return this.reason;
	}

	Status status() {
		return this.status;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	@Nullable Instant decidedAt() {
		return this.decidedAt;
	}

	@Nullable UUID decidedBy() {
		return this.decidedBy;
	}

	@Nullable UUID mergeId() {
		return this.mergeId;
	}

}
