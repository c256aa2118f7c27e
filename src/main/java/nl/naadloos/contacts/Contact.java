package nl.naadloos.contacts;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.BatchSize;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.jspecify.annotations.Nullable;


import nl.naadloos.platform.AssignedIdAggregate;
import nl.naadloos.platform.search.NaadloosAnalysisConfigurer;

/**
 * A customer: a person who writes, calls or chats. Their addresses on the channels are
 * {@link Identity identities} that point here. A contact merged into another one stays as it was, but
 * hidden, with {@code mergedInto} naming the contact it now lives in, so that the merge can be undone.
 */
@Entity
@Table(name = "contacts")
@Indexed(index = "contact")
class Contact extends AssignedIdAggregate<Contact> {

	static final int MAX_NAME = 200;

	/** What the search index holds as {@code mergedInto} for a contact that is not merged. */
	static final UUID NOT_MERGED = new UUID(0, 0);

	/** Notes may grow beyond what one edit allows, because a merge appends the notes of the other contact. */
	static final int MAX_STORED_NOTES = 100_000;

	@Id
	private UUID id;

	@FullTextField(analyzer = NaadloosAnalysisConfigurer.NAME)
	@FullTextField(name = "name_prefix", analyzer = NaadloosAnalysisConfigurer.NAME_PREFIX,
			searchAnalyzer = NaadloosAnalysisConfigurer.NAME)
	private String name;

	private @Nullable String language;

	private @Nullable String company;

	private @Nullable String notes;

	private Instant createdAt;

	private Instant updatedAt;

	@GenericField(indexNullAs = "00000000-0000-0000-0000-000000000000")
	private @Nullable UUID mergedInto;

	@Version
	private long version;

	// A handful per contact, needed wherever a contact is shown; loaded in batches for lists.
	@ElementCollection(fetch = FetchType.EAGER)
	@BatchSize(size = 50)
	@CollectionTable(name = "contact_attributes", joinColumns = @JoinColumn(name = "contact_id"))
	@MapKeyColumn(name = "attr_key")
	private Map<String, ContactAttribute> attributes = new HashMap<>();

	protected Contact() {
		this.id = UUID.randomUUID();
		this.name = "";
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
	}

	Contact(String name, @Nullable String language, @Nullable String company, @Nullable String notes, Instant now) {
		this.id = UUID.randomUUID();
		this.name = name.strip();
		this.language = blankToNull(language);
		this.company = blankToNull(company);
		this.notes = blankToNull(notes);
		this.createdAt = now;
		this.updatedAt = now;
		registerEvent(new ContactCreated(this.id));
	}

	void rename(String name, Instant now) {
		requireNotMerged();
		this.name = name.strip();
		touch(now);
	}

	void changeLanguage(@Nullable String language, Instant now) {
		requireNotMerged();
		this.language = blankToNull(language);
		touch(now);
	}

	void changeCompany(@Nullable String company, Instant now) {
		requireNotMerged();
		this.company = blankToNull(company);
		touch(now);
	}

	void changeNotes(@Nullable String notes, Instant now) {
		requireNotMerged();
		this.notes = blankToNull(notes);
		touch(now);
	}

	void putAttribute(String key, ContactAttribute attribute, Instant now) {
		requireNotMerged();
		this.attributes.put(key, attribute);
		touch(now);
	}

	void removeAttribute(String key, Instant now) {
		requireNotMerged();
		this.attributes.remove(key);
		touch(now);
	}

	/**
	 * Takes over what the other contact knows and this one does not: the attributes whose keys this one
	 * lacks, the language and company when this one has none, and the notes, appended to these.
	 * @return the keys of the attributes that moved here
	 */
	Set<String> absorb(Contact other, Instant now) {
		requireNotMerged();
		Set<String> moved = new TreeSet<>();
		for (Map.Entry<String, ContactAttribute> attribute : other.attributes.entrySet()) {
			if (!this.attributes.containsKey(attribute.getKey())) {
				this.attributes.put(attribute.getKey(), attribute.getValue());
				moved.add(attribute.getKey());
			}
		}
		moved.forEach(other.attributes::remove);
		if (this.language == null) {
			this.language = other.language;
		}
		if (this.company == null) {
			this.company = other.company;
		}
		if (other.notes != null) {
			this.notes = this.notes == null ? other.notes : this.notes + "\n\n" + other.notes;
		}
		touch(now);
		return moved;
	}

	/** Whether absorbing the other contact keeps the notes within what can be stored. */
	boolean canAbsorbNotesOf(Contact other) {
		return (this.notes == null ? 0 : this.notes.length() + 2)
				+ (other.notes == null ? 0 : other.notes.length()) <= MAX_STORED_NOTES;
	}

	/** Moves attributes taken over in a merge back to the contact they came from, where it lacks them. */
	void giveBack(Collection<String> keys, Contact restored, Instant now) {
		for (String key : keys) {
			ContactAttribute attribute = this.attributes.get(key);
			if (attribute != null && !restored.attributes.containsKey(key)) {
				this.attributes.remove(key);
				restored.attributes.put(key, attribute);
			}
		}
		touch(now);
		restored.touch(now);
	}

	/**
	 * Restores the fields a merge changed, each only if nobody changed it since: an agent's later edit
	 * wins over the state before the merge.
	 */
	void revert(ContactMerge merge, Instant now) {
		if (Objects.equals(this.language, merge.languageAfter())) {
			this.language = merge.languageBefore();
		}
		if (Objects.equals(this.company, merge.companyAfter())) {
			this.company = merge.companyBefore();
		}
		if (Objects.equals(this.notes, merge.notesAfter())) {
			this.notes = merge.notesBefore();
		}
		touch(now);
	}

	void mergeInto(UUID survivorId, UUID mergeId, Instant now) {
		requireNotMerged();
		if (survivorId.equals(this.id)) {
			throw new IllegalStateException("Contact " + this.id + " cannot be merged into itself");
		}
		this.mergedInto = survivorId;
		touch(now);
		registerEvent(new ContactsMerged(mergeId, survivorId, this.id));
	}

	void restore(UUID mergeId, UUID survivorId, Instant now) {
		if (!survivorId.equals(this.mergedInto)) {
			throw new IllegalStateException("Contact " + this.id + " is not merged into " + survivorId);
		}
		this.mergedInto = null;
		touch(now);
		registerEvent(new ContactsUnmerged(mergeId, survivorId, this.id));
	}

	private void requireNotMerged() {
		if (this.mergedInto != null) {
			throw new IllegalStateException("Contact " + this.id + " was merged into " + this.mergedInto);
		}
	}

	private void touch(Instant now) {
		this.updatedAt = now;
	}

	static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	@Nullable String language() {
		return this.language;
	}

	@Nullable String company() {
		return this.company;
	}

	@Nullable String notes() {
		return this.notes;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	Optional<UUID> mergedInto() {
		return Optional.ofNullable(this.mergedInto);
	}

	boolean isMerged() {
		return this.mergedInto != null;
	}

	boolean hasAttribute(String key) {
		return this.attributes.containsKey(key);
	}

	/** The attributes, by key in alphabetical order. */
	Map<String, ContactAttribute> attributes() {
		return new TreeMap<>(this.attributes);
	}

	ContactSummary summary() {
		return new ContactSummary(this.id, this.name, this.language, this.company);
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
