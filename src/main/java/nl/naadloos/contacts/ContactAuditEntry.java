package nl.naadloos.contacts;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * Who changed what about a contact, and when. The details may name addresses, so the entries of a
 * contact are erased with it; only the entry of the erasure itself stays, and it names no personal data.
 */
@Entity
@Table(name = "contact_audit")
class ContactAuditEntry {

	static final int MAX_DETAIL = 2000;

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	private UUID contactId;

	/** The agent who did it; {@code null} when Naadloos did it (resolution of an inbound message). */
	private @Nullable UUID agentId;

	private String action;

	private String detail;

	private Instant occurredAt;

	protected ContactAuditEntry() {
		this.contactId = Identity.GLOBAL;
		this.action = "";
		this.detail = "";
		this.occurredAt = Instant.EPOCH;
	}

	ContactAuditEntry(UUID contactId, @Nullable UUID agentId, String action, String detail, Instant now) {
		this.contactId = contactId;
		this.agentId = agentId;
		this.action = action;
		this.detail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - 3) + "..." : detail;
		this.occurredAt = now;
	}

	long id() {
		return this.id == null ? 0 : this.id;
	}

	UUID contactId() {
		return this.contactId;
	}

	@Nullable UUID agentId() {
		return this.agentId;
	}

	String action() {
		return this.action;
	}

	String detail() {
		return this.detail;
	}

	Instant occurredAt() {
		return this.occurredAt;
	}

}
