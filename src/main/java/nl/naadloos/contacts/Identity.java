package nl.naadloos.contacts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;
import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.AssignedIdEntity;
import nl.naadloos.platform.search.NaadloosAnalysisConfigurer;

/**
 * One address of a contact on one channel. The pair (kind, address) is unique within its scope, so one
 * address always leads to one contact.
 * <p>
 * Updates write only the changed columns: resolution touches {@code lastSeenAt} on every message, and
 * that must never overwrite a concurrent merge moving the identity to another contact.
 */
@Entity
@Table(name = "contact_identities")
@DynamicUpdate
@Indexed(index = "identity")
class Identity extends AssignedIdEntity {

	/**
	 * The scope of addresses that are the same on every channel (e-mail, phone). A fixed value rather than
	 * {@code null}, because a unique constraint treats every {@code null} as different.
	 */
	static final UUID GLOBAL = new UUID(0, 0);

	@Id
	private UUID id;

	@KeywordField
	private UUID contactId;

	@Enumerated(EnumType.STRING)
	private IdentityKind kind;

	@KeywordField
	@FullTextField(name = "address_parts", analyzer = NaadloosAnalysisConfigurer.ADDRESS_PARTS,
			searchAnalyzer = NaadloosAnalysisConfigurer.ADDRESS_QUERY)
	private String address;

	private String displayAddress;

	/** The channel account of a provider id, or {@link #GLOBAL}. */
	private UUID scope;

	private boolean verified;

	private @Nullable String verifiedBy;

	private @Nullable Instant verifiedAt;

	/** How the address became known: "channel api", "agent &lt;id&gt;", "given on channel webchat". */
	private String source;

	/** Source of identities that came from a hint a sender gave (see {@code SenderResolver}). */
	static final String HINT_SOURCE = "given on channel ";

	/** How precisely "last seen" is kept. */
	static final Duration SEEN_PRECISION = Duration.ofMinutes(1);

	private Instant firstSeenAt;

	private Instant lastSeenAt;

	protected Identity() {
		this.id = UUID.randomUUID();
		this.contactId = GLOBAL;
		this.kind = IdentityKind.PROVIDER;
		this.address = "";
		this.displayAddress = "";
		this.scope = GLOBAL;
		this.source = "";
		this.firstSeenAt = Instant.EPOCH;
		this.lastSeenAt = Instant.EPOCH;
	}

	/**
	 * A new identity of a contact.
	 * @param verifiedBy how the address was verified, or {@code null} when it is not
	 */
	Identity(UUID contactId, Address address, @Nullable String verifiedBy, String source, Instant now) {
		this.id = UUID.randomUUID();
		this.contactId = contactId;
		this.kind = address.kind();
		this.address = address.address();
		this.displayAddress = address.displayAddress();
		this.scope = address.scope();
		this.verified = verifiedBy != null;
		this.verifiedBy = verifiedBy;
		this.verifiedAt = verifiedBy == null ? null : now;
		this.source = source;
		this.firstSeenAt = now;
		this.lastSeenAt = now;
	}

	/** Marks the address as belonging to the contact; an identity verified once stays verified. */
	void verify(String verifiedBy, Instant now) {
		if (this.verified) {
			return;
		}
		this.verified = true;
		this.verifiedBy = verifiedBy;
		this.verifiedAt = now;
	}

	/**
	 * Moves "last seen" forward, to the minute: a customer who sends ten messages in a minute does not
	 * cost ten row updates.
	 */
	void seen(Instant now) {
		if (now.isAfter(this.lastSeenAt.plus(SEEN_PRECISION))) {
			this.lastSeenAt = now;
		}
	}

	void moveTo(UUID contactId) {
		this.contactId = contactId;
	}

	/**
	 * Whether the contact only claims this address because someone typed or sent it unverified: such a
	 * claim gives way to the address's real owner when that owner writes in from it.
	 */
	boolean isUnverifiedHint() {
		return !this.verified && this.source.startsWith(HINT_SOURCE);
	}

	boolean belongsTo(UUID contactId) {
		return this.contactId.equals(contactId);
	}

	UUID id() {
		return this.id;
	}

	UUID contactId() {
		return this.contactId;
	}

	IdentityKind kind() {
		return this.kind;
	}

	String address() {
		return this.address;
	}

	String displayAddress() {
		return this.displayAddress;
	}

	@Nullable UUID channelAccountId() {
		return GLOBAL.equals(this.scope) ? null : this.scope;
	}

	boolean isVerified() {
		return this.verified;
	}

	@Nullable String verifiedBy() {
		return this.verifiedBy;
	}

	@Nullable Instant verifiedAt() {
		return this.verifiedAt;
	}

	String source() {
		return this.source;
	}

	Instant firstSeenAt() {
		return this.firstSeenAt;
	}

	Instant lastSeenAt() {
		return this.lastSeenAt;
	}

	String describe() {
		return new Address(this.kind, this.address, this.displayAddress, this.scope).describe();
	}

	IdentitySummary summary() {
		return new IdentitySummary(this.id, this.kind, this.address, this.displayAddress, channelAccountId(),
				this.verified);
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
