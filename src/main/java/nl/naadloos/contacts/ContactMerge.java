package nl.naadloos.contacts;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * One merge of a contact into another, with exactly what moved (identities, attribute keys) and the
 * survivor's fields before and after, so that the merge can be undone.
 */
@Entity
@Table(name = "contact_merges")
class ContactMerge {

	@Id
	private UUID id;

	private UUID survivorId;

	private UUID mergedId;

	private @Nullable UUID suggestionId;

	private Instant mergedAt;

	private @Nullable UUID mergedBy;

	private @Nullable Instant undoneAt;

	private @Nullable UUID undoneBy;

	private @Nullable String languageBefore;

	private @Nullable String languageAfter;

	private @Nullable String companyBefore;

	private @Nullable String companyAfter;

	private @Nullable String notesBefore;

	private @Nullable String notesAfter;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "contact_merge_identities", joinColumns = @JoinColumn(name = "merge_id"))
	@Column(name = "identity_id")
	private Set<UUID> identityIds = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "contact_merge_attributes", joinColumns = @JoinColumn(name = "merge_id"))
	@Column(name = "attr_key")
	private Set<String> attributeKeys = new LinkedHashSet<>();

	@Version
	private long version;

	protected ContactMerge() {
		this.id = UUID.randomUUID();
		this.survivorId = Identity.GLOBAL;
		this.mergedId = Identity.GLOBAL;
		this.mergedAt = Instant.EPOCH;
	}

	/** Starts recording a merge; the survivor's fields before it are taken now. */
	ContactMerge(Contact survivor, Contact merged, @Nullable UUID suggestionId, @Nullable UUID mergedBy, Instant now) {
		this.id = UUID.randomUUID();
		this.survivorId = survivor.id();
		this.mergedId = merged.id();
		this.suggestionId = suggestionId;
		this.mergedBy = mergedBy;
		this.mergedAt = now;
		this.languageBefore = survivor.language();
		this.companyBefore = survivor.company();
		this.notesBefore = survivor.notes();
	}

	/** Records what moved and the survivor's fields after the merge. */
	void moved(Collection<UUID> identityIds, Collection<String> attributeKeys, Contact survivor) {
		this.identityIds.addAll(identityIds);
		this.attributeKeys.addAll(attributeKeys);
		this.languageAfter = survivor.language();
		this.companyAfter = survivor.company();
		this.notesAfter = survivor.notes();
	}

	void undo(@Nullable UUID agentId, Instant now) {
		if (this.undoneAt != null) {
			throw new IllegalStateException("Merge " + this.id + " was already undone");
		}
		this.undoneAt = now;
		this.undoneBy = agentId;
	}

	boolean isUndone() {
		return this.undoneAt != null;
	}

	UUID id() {
		return this.id;
	}

	UUID survivorId() {
		return this.survivorId;
	}

	UUID mergedId() {
		return this.mergedId;
	}

	@Nullable UUID suggestionId() {
		return this.suggestionId;
	}

	Instant mergedAt() {
		return this.mergedAt;
	}

	@Nullable UUID mergedBy() {
		return this.mergedBy;
	}

	@Nullable Instant undoneAt() {
		return this.undoneAt;
	}

	@Nullable UUID undoneBy() {
		return this.undoneBy;
	}

	@Nullable String languageBefore() {
		return this.languageBefore;
	}

	@Nullable String languageAfter() {
		return this.languageAfter;
	}

	@Nullable String companyBefore() {
		return this.companyBefore;
	}

	@Nullable String companyAfter() {
		return this.companyAfter;
	}

	@Nullable String notesBefore() {
		return this.notesBefore;
	}

	@Nullable String notesAfter() {
		return this.notesAfter;
	}

	List<UUID> identityIds() {
		return List.copyOf(this.identityIds);
	}

	Set<String> attributeKeys() {
		return new TreeSet<>(this.attributeKeys);
	}

}
