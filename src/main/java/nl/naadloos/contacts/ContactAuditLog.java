package nl.naadloos.contacts;

import java.time.Clock;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** Writes the audit trail of contacts, in the transaction of the change it records. */
@Component
class ContactAuditLog {

	static final String CREATED = "created";

	static final String UPDATED = "updated";

	static final String DELETED = "deleted";

	static final String IDENTITY_ADDED = "identity-added";

	static final String IDENTITY_VERIFIED = "identity-verified";

	static final String IDENTITY_REMOVED = "identity-removed";

	static final String MERGED = "merged";

	static final String MERGED_INTO = "merged-into";

	static final String UNMERGED = "unmerged";

	static final String MERGE_SUGGESTED = "merge-suggested";

	static final String SUGGESTION_ACCEPTED = "suggestion-accepted";

	static final String SUGGESTION_DISMISSED = "suggestion-dismissed";

	private final ContactAuditEntries entries;

	private final Clock clock;

	ContactAuditLog(ContactAuditEntries entries, Clock clock) {
		this.entries = entries;
		this.clock = clock;
	}

	/**
	 * Records a change.
	 * @param agentId the agent who made it, or {@code null} when Naadloos did
	 */
	void record(UUID contactId, @Nullable UUID agentId, String action, String detail) {
		this.entries.save(new ContactAuditEntry(contactId, agentId, action, detail, this.clock.instant()));
	}

}
