package nl.naadloos.contacts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;
import nl.naadloos.platform.ResourceNotFound;

/**
 * Merges contacts that are one person, undoes merges, and keeps the suggestions to merge. Nothing is
 * ever merged automatically: every merge is an agent's decision, recorded with exactly what moved.
 */
@Service
@Transactional
class MergeService {

	private final Contacts contacts;

	private final Identities identities;

	private final ContactMerges merges;

	private final MergeSuggestions suggestions;

	private final ContactAuditLog audit;

	private final Clock clock;

	MergeService(Contacts contacts, Identities identities, ContactMerges merges, MergeSuggestions suggestions,
			ContactAuditLog audit, Clock clock) {
		this.contacts = contacts;
		this.identities = identities;
		this.merges = merges;
		this.suggestions = suggestions;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Merges {@code otherId} into {@code survivorId}: the other contact's identities, the attributes the
	 * survivor lacks and its notes move to the survivor, and the other contact is hidden.
	 * @throws ContactProblems.CannotMerge for a contact and itself, or a contact that is already merged
	 */
	ContactMerge merge(UUID survivorId, UUID otherId, @Nullable UUID agentId) {
		if (survivorId.equals(otherId)) {
			throw new ContactProblems.CannotMerge("A contact cannot be merged with itself.");
		}
		Contact survivor = contact(survivorId);
		Contact other = contact(otherId);
		return merge(survivor, other, this.suggestions.findOpen(survivorId, otherId).orElse(null), agentId);
	}

	/** Accepts a suggestion: the contact the sender resolved to is merged into the one that had the address. */
	ContactMerge accept(UUID suggestionId, @Nullable UUID agentId) {
		MergeSuggestion suggestion = openSuggestion(suggestionId);
		ContactMerge merge = merge(contact(suggestion.otherContactId()), contact(suggestion.contactId()), suggestion,
				agentId);
		for (UUID contactId : List.of(suggestion.contactId(), suggestion.otherContactId())) {
			this.audit.record(contactId, agentId, ContactAuditLog.SUGGESTION_ACCEPTED,
					"Accepted merge suggestion " + suggestionId + ": " + suggestion.reason() + ".");
		}
		return merge;
	}

	MergeSuggestion dismiss(UUID suggestionId, @Nullable UUID agentId) {
		MergeSuggestion suggestion = openSuggestion(suggestionId);
		suggestion.dismiss(agentId, this.clock.instant());
		for (UUID contactId : List.of(suggestion.contactId(), suggestion.otherContactId())) {
			this.audit.record(contactId, agentId, ContactAuditLog.SUGGESTION_DISMISSED,
					"Dismissed merge suggestion " + suggestionId + ": " + suggestion.reason() + ".");
		}
		return this.suggestions.save(suggestion);
	}

	private ContactMerge merge(Contact survivor, Contact other, @Nullable MergeSuggestion suggestion,
			@Nullable UUID agentId) {
		if (survivor.id().equals(other.id())) {
			throw new ContactProblems.CannotMerge("A contact cannot be merged with itself.");
		}
		for (Contact contact : List.of(survivor, other)) {
			if (contact.isMerged()) {
				throw new ContactProblems.CannotMerge("Contact " + contact.id() + " was already merged into contact "
						+ contact.mergedInto().orElseThrow() + ".");
			}
		}
		if (!survivor.canAbsorbNotesOf(other)) {
			throw new ContactProblems.CannotMerge("Together the notes of both contacts would exceed "
					+ Contact.MAX_STORED_NOTES + " characters; shorten them first.");
		}
		Instant now = this.clock.instant();
		ContactMerge merge = new ContactMerge(survivor, other, suggestion == null ? null : suggestion.id(), agentId, now);
		List<Identity> moved = this.identities.findByContactIdOrderByKindAscAddressAsc(other.id());
		moved.forEach(identity -> identity.moveTo(survivor.id()));
		merge.moved(moved.stream().map(Identity::id).toList(), survivor.absorb(other, now), survivor);
		other.mergeInto(survivor.id(), merge.id(), now);
		this.merges.save(merge);
		this.contacts.save(survivor);
		this.contacts.save(other);
		if (suggestion != null) {
			suggestion.accept(merge.id(), agentId, now);
			this.suggestions.save(suggestion);
		}
		this.audit.record(survivor.id(), agentId, ContactAuditLog.MERGED,
				"Merged contact " + other.id() + " into this contact (merge " + merge.id() + "): moved "
						+ moved.size() + (moved.size() == 1 ? " identity" : " identities") + " and attributes "
						+ merge.attributeKeys() + ".");
		this.audit.record(other.id(), agentId, ContactAuditLog.MERGED_INTO,
				"Merged into contact " + survivor.id() + " (merge " + merge.id() + ").");
		return merge;
	}

	/**
	 * Undoes a merge: the identities and attributes that moved go back, the survivor's fields return to
	 * what they were unless someone changed them since, and the merged contact is shown again.
	 * @throws ContactProblems.CannotUndoMerge when it was undone already, or the survivor was merged on
	 * into a third contact since (undo that merge first)
	 */
	ContactMerge undo(UUID mergeId, @Nullable UUID agentId) {
		ContactMerge merge = merge(mergeId);
		if (merge.isUndone()) {
			throw new ContactProblems.CannotUndoMerge("Merge " + mergeId + " was already undone.");
		}
		Contact survivor = contact(merge.survivorId());
		Contact restored = contact(merge.mergedId());
		if (survivor.isMerged()) {
			throw new ContactProblems.CannotUndoMerge("Contact " + survivor.id() + " was merged into contact "
					+ survivor.mergedInto().orElseThrow() + " after this merge; undo that merge first.");
		}
		Instant now = this.clock.instant();
		int movedBack = 0;
		for (Identity identity : this.identities.findAllById(merge.identityIds())) {
			if (identity.belongsTo(survivor.id())) {
				identity.moveTo(restored.id());
				movedBack++;
			}
		}
		survivor.giveBack(merge.attributeKeys(), restored, now);
		survivor.revert(merge, now);
		restored.restore(merge.id(), survivor.id(), now);
		merge.undo(agentId, now);
		this.merges.save(merge);
		this.contacts.save(survivor);
		this.contacts.save(restored);
		this.audit.record(survivor.id(), agentId, ContactAuditLog.UNMERGED, "Undid merge " + mergeId + ": contact "
				+ restored.id() + " is separate again; " + movedBack
				+ (movedBack == 1 ? " identity" : " identities") + " moved back.");
		this.audit.record(restored.id(), agentId, ContactAuditLog.UNMERGED,
				"Undid merge " + mergeId + " into contact " + survivor.id() + ".");
		return merge;
	}

	/**
	 * Records that two contacts may be one person, unless an open suggestion for the pair exists.
	 * @return the new suggestion, or empty when the pair already has an open one
	 */
	Optional<MergeSuggestion> suggest(UUID contactId, UUID otherContactId, String reason) {
		if (this.suggestions.findOpen(contactId, otherContactId).isPresent()) {
			return Optional.empty();
		}
		// Flushed at once: a concurrent suggestion for the pair collides here and the caller retries.
		MergeSuggestion suggestion = this.suggestions
			.saveAndFlush(new MergeSuggestion(contactId, otherContactId, reason, this.clock.instant()));
		this.audit.record(contactId, null, ContactAuditLog.MERGE_SUGGESTED,
				"Suggested merging with contact " + otherContactId + ": " + reason + ".");
		this.audit.record(otherContactId, null, ContactAuditLog.MERGE_SUGGESTED,
				"Suggested merging with contact " + contactId + ": " + reason + ".");
		return Optional.of(suggestion);
	}

	@Transactional(readOnly = true)
	ContactMerge merge(UUID mergeId) {
		return this.merges.findById(mergeId).orElseThrow(() -> new ResourceNotFound("Contact merge", mergeId));
	}

	@Transactional(readOnly = true)
	MergeSuggestion suggestion(UUID suggestionId) {
		return this.suggestions.findById(suggestionId)
			.orElseThrow(() -> new ResourceNotFound("Merge suggestion", suggestionId));
	}

	/** Suggestions with a status, newest first, optionally only those involving one contact. */
	@Transactional(readOnly = true)
	CursorPage<MergeSuggestion> suggestions(MergeSuggestion.Status status, @Nullable UUID contactId,
			@Nullable Cursor after, int limit) {
		List<MergeSuggestion> fetched = after == null ? this.suggestions.firstPage(status, contactId, Limit.of(limit + 1))
				: this.suggestions.pageAfter(status, contactId, after.instant(0), after.uuid(1),
						Limit.of(limit + 1));
		return CursorPage.of(fetched, limit, s -> Cursor.of(s.createdAt(), s.id()));
	}

	private MergeSuggestion openSuggestion(UUID suggestionId) {
		MergeSuggestion suggestion = suggestion(suggestionId);
		if (!suggestion.isOpen()) {
			throw new ContactProblems.SuggestionDecided(suggestionId, suggestion.status().key());
		}
		return suggestion;
	}

	private Contact contact(UUID id) {
		return this.contacts.findById(id).orElseThrow(() -> new ResourceNotFound("Contact", id));
	}

}
