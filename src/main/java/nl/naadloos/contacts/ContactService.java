package nl.naadloos.contacts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManager;
import org.hibernate.search.engine.search.common.BooleanOperator;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.mapper.orm.session.SearchSession;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ResourceNotFound;

/**
 * Manages contacts and their identities on behalf of agents, and answers other modules' questions about
 * contacts. Resolution of inbound senders is in {@link SenderResolver}, merges in {@link MergeService}.
 */
@Service
@Transactional
class ContactService implements ContactDirectory {

	static final int MAX_ATTRIBUTES = 50;

	/** Languages as ISO 639 codes: {@code en}, {@code nl}, {@code fy}, ... */
	static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

	/** How many merges {@link #currentContactId} follows before it gives up on a (corrupt) cycle. */
	private static final int MAX_MERGE_HOPS = 100;

	private final Contacts contacts;

	private final Identities identities;

	private final MergeSuggestions suggestions;

	private final ContactMerges merges;

	private final ContactAuditEntries auditEntries;

	private final ContactAuditLog audit;

	private final ContactsProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final EntityManager entityManager;

	ContactService(Contacts contacts, Identities identities, MergeSuggestions suggestions, ContactMerges merges,
			ContactAuditEntries auditEntries, ContactAuditLog audit, ContactsProperties properties,
			ApplicationEventPublisher events, Clock clock, EntityManager entityManager) {
		this.contacts = contacts;
		this.identities = identities;
		this.suggestions = suggestions;
		this.merges = merges;
		this.auditEntries = auditEntries;
		this.audit = audit;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
		this.entityManager = entityManager;
	}

	// Contacts

	/**
	 * Creates a contact with the identities an agent knows of. The identities are unverified: an agent
	 * typing an address proves nothing about who owns it.
	 * @throws ContactProblems.IdentityTaken when an address already belongs to a contact; nothing is stored
	 */
	ContactView create(ContactDraft draft, UUID agentId) {
		List<Address> addresses = new ArrayList<>();
		for (IdentityDraft identity : draft.identities()) {
			Address address = address(identity);
			if (addresses.stream().anyMatch(address::sameAs)) {
				throw new InvalidRequest("The " + address.describe() + " is listed twice.");
			}
			requireFree(address);
			addresses.add(address);
		}
		draft.attributes()
			.stream()
			.filter(attribute -> attribute.value() == null)
			.findFirst()
			.ifPresent(attribute -> {
				throw new ContactProblems.InvalidAttribute(attribute.key(), "needs a value");
			});
		Instant now = this.clock.instant();
		Contact contact = new Contact(draft.name(), language(draft.language()), draft.company(), draft.notes(), now);
		applyAttributes(contact, draft.attributes(), now);
		// Flushed first: identities refer to the contact, and nothing tells Hibernate to insert it first.
		this.contacts.saveAndFlush(contact);
		this.audit.record(contact.id(), agentId, ContactAuditLog.CREATED, "Contact created by agent " + agentId + ".");
		for (Address address : addresses) {
			Identity identity = this.identities.save(new Identity(contact.id(), address, null, "agent " + agentId, now));
			this.audit.record(contact.id(), agentId, ContactAuditLog.IDENTITY_ADDED,
					"Added " + identity.describe() + " (unverified).");
		}
		this.identities.flush();
		return view(contact);
	}

	/** Changes the fields present; an empty language, company or notes clears it. */
	ContactView update(UUID id, ContactChanges changes, UUID agentId) {
		Contact contact = activeContact(id);
		Instant now = this.clock.instant();
		List<String> changed = new ArrayList<>();
		if (changes.name() != null) {
			contact.rename(changes.name(), now);
			changed.add("name");
		}
		if (changes.language() != null) {
			contact.changeLanguage(language(changes.language()), now);
			changed.add("language");
		}
		if (changes.company() != null) {
			contact.changeCompany(changes.company(), now);
			changed.add("company");
		}
		if (changes.notes() != null) {
			contact.changeNotes(changes.notes(), now);
			changed.add("notes");
		}
		if (changes.attributes() != null) {
			applyAttributes(contact, changes.attributes(), now);
			changes.attributes().forEach(a -> changed.add("attribute " + a.key()));
		}
		this.contacts.save(contact);
		if (!changed.isEmpty()) {
			this.audit.record(id, agentId, ContactAuditLog.UPDATED, "Changed " + String.join(", ", changed) + ".");
		}
		return view(contact);
	}

	/**
	 * Erases a contact: the contact, its identities, attributes, merge records, merge suggestions and
	 * audit trail, and likewise every contact that was merged into it (they are the same person). One audit
	 * entry without personal data records the erasure.
	 */
	void delete(UUID id, UUID agentId) {
		Contact contact = contact(id);
		if (contact.isMerged()) {
			throw new ContactProblems.ContactMerged(id, contact.mergedInto().orElseThrow());
		}
		List<Contact> erased = new ArrayList<>();
		collectMergedInto(contact, erased, new HashSet<>());
		for (Contact each : erased) {
			int identityCount = this.identities.deleteByContact(each.id());
			this.suggestions.deleteInvolving(each.id());
			this.merges.deleteInvolving(each.id());
			this.auditEntries.deleteByContact(each.id());
			this.contacts.delete(each);
			// Contacts merged into another one are deleted before it (they refer to it).
			this.contacts.flush();
			this.audit.record(each.id(), agentId, ContactAuditLog.DELETED, "Contact erased by agent " + agentId
					+ " with " + identityCount + (identityCount == 1 ? " identity." : " identities."));
			this.events.publishEvent(new ContactDeleted(each.id()));
		}
	}

	/** Adds the contacts merged into this one (depth first), then the contact itself. */
	private void collectMergedInto(Contact contact, List<Contact> erased, Set<UUID> seen) {
		if (!seen.add(contact.id())) {
			return;
		}
		for (Contact merged : this.contacts.findByMergedInto(contact.id())) {
			collectMergedInto(merged, erased, seen);
		}
		erased.add(contact);
	}

	@Transactional(readOnly = true)
	ContactView view(UUID id) {
		return view(contact(id));
	}

	/**
	 * Lists contacts by name, or finds them by part of the name, e-mail address or phone number. A phone
	 * number in any format (or an e-mail address with an international domain) is normalised first.
	 */
	@Transactional(readOnly = true)
	CursorPage<ContactView> search(@Nullable String query, @Nullable Cursor after, int limit) {
		String text = query == null || query.isBlank() ? null : query.strip();
		String pattern = text == null ? null : "%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%";
		String exact = text == null ? null : exactAddress(text);
		List<Contact> fetched = after == null ? this.contacts.firstPage(pattern, exact, Limit.of(limit + 1))
				: this.contacts.pageAfter(after.get(0), after.uuid(1), pattern, exact, Limit.of(limit + 1));
		CursorPage<Contact> page = CursorPage.of(fetched, limit, c -> Cursor.of(c.name(), c.id()));
		Map<UUID, List<Identity>> identitiesByContact = new LinkedHashMap<>();
		page.items().forEach(c -> identitiesByContact.put(c.id(), new ArrayList<>()));
		if (!identitiesByContact.isEmpty()) {
			this.identities.findByContactIdInOrderByKindAscAddressAsc(identitiesByContact.keySet())
				.forEach(i -> identitiesByContact.get(i.contactId()).add(i));
		}
		return page.map(c -> new ContactView(c, identitiesByContact.get(c.id())));
	}

	private @Nullable String exactAddress(String text) {
		if (text.contains("@")) {
			try {
				return Addresses.email(text);
			}
			catch (InvalidRequest notAnEmailAddress) {
				return null;
			}
		}
		return Addresses.phoneIfValid(text, this.properties.defaultRegion()).orElse(null);
	}

	// Identities

	@Transactional(readOnly = true)
	List<Identity> identities(UUID contactId) {
		contact(contactId);
		return this.identities.findByContactIdOrderByKindAscAddressAsc(contactId);
	}

	/**
	 * Adds an identity an agent knows of, unverified.
	 * @throws ContactProblems.IdentityTaken when the address already belongs to a contact
	 */
	Identity addIdentity(UUID contactId, IdentityDraft draft, UUID agentId) {
		Contact contact = activeContact(contactId);
		Address address = address(draft);
		requireFree(address);
		Identity identity = this.identities.save(
				new Identity(contact.id(), address, null, "agent " + agentId, this.clock.instant()));
		this.audit.record(contactId, agentId, ContactAuditLog.IDENTITY_ADDED,
				"Added " + identity.describe() + " (unverified).");
		return identity;
	}

	/** Marks an identity as verified by the agent, for example after the customer confirmed it. */
	Identity verifyIdentity(UUID contactId, UUID identityId, UUID agentId) {
		Identity identity = identity(contactId, identityId);
		if (!identity.isVerified()) {
			identity.verify("agent " + agentId, this.clock.instant());
			this.audit.record(contactId, agentId, ContactAuditLog.IDENTITY_VERIFIED,
					"Verified " + identity.describe() + ".");
		}
		return identity;
	}

	void removeIdentity(UUID contactId, UUID identityId, UUID agentId) {
		Identity identity = identity(contactId, identityId);
		this.identities.delete(identity);
		this.audit.record(contactId, agentId, ContactAuditLog.IDENTITY_REMOVED, "Removed " + identity.describe() + ".");
	}

	private Identity identity(UUID contactId, UUID identityId) {
		return this.identities.findByIdAndContactId(identityId, contactId)
			.orElseThrow(() -> new ResourceNotFound("Identity", identityId));
	}

	// Audit

	/** The audit trail of a contact, newest first; also of an erased contact, whose trail names only that. */
	@Transactional(readOnly = true)
	CursorPage<ContactAuditEntry> audit(UUID contactId, @Nullable Cursor after, int limit) {
		if (!this.contacts.existsById(contactId) && !this.auditEntries.existsByContactId(contactId)) {
			throw new ResourceNotFound("Contact", contactId);
		}
		List<ContactAuditEntry> fetched = after == null ? this.auditEntries.firstPage(contactId, Limit.of(limit + 1))
				: this.auditEntries.pageAfter(contactId, after.longValue(0), Limit.of(limit + 1));
		return CursorPage.of(fetched, limit, e -> Cursor.of(e.id()));
	}

	// ContactDirectory

	/**
	 * Through the search index: an address typed in any format (normalised first), parts of addresses
	 * ("example.nl", "12345678") and words or beginnings of words of the name ("anouk jans").
	 */
	@Override
	@Transactional(readOnly = true)
	public List<ContactSummary> search(String query, int limit) {
		String text = query.strip();
		if (text.isEmpty()) {
			return List.of();
		}
		String exact = exactAddress(text);
		SearchSession session = Search.session(this.entityManager);
		Set<UUID> found = new LinkedHashSet<>();
		// Addresses first: a match on an address names the person, a name may be shared.
		session.search(Identity.class)
			.where((p, root) -> {
				root.add(p.bool()
					.should(p.match().field("address").matching(exact == null ? text : exact).boost(4))
					.should(p.simpleQueryString().field("address_parts").matching(text).defaultOperator(BooleanOperator.AND)));
			})
			.fetchHits(limit)
			.forEach(identity -> found.add(identity.contactId()));
		if (found.size() < limit) {
			session.search(Contact.class)
				.where((p, root) -> {
					root.add(p.match().field("mergedInto").matching(Contact.NOT_MERGED));
					root.add(p.simpleQueryString()
						.field("name")
						.field("name_prefix")
						.matching(text)
						.defaultOperator(BooleanOperator.AND));
				})
				.fetchHits(limit)
				.forEach(contact -> found.add(contact.id()));
		}
		Map<UUID, Contact> byId = new HashMap<>();
		this.contacts.findAllById(found).forEach(c -> byId.put(c.id(), c));
		return found.stream()
			.map(byId::get)
			.filter(c -> c != null && !c.isMerged())
			.limit(limit)
			.map(Contact::summary)
			.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<ContactSummary> findContact(UUID contactId) {
		return this.contacts.findById(contactId).map(Contact::summary);
	}

	@Override
	@Transactional(readOnly = true)
	public List<IdentitySummary> identitiesOf(UUID contactId) {
		return this.identities.findByContactIdOrderByKindAscAddressAsc(contactId).stream().map(Identity::summary).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<IdentityOwner> findIdentity(IdentityKind kind, String address, @Nullable UUID channelAccountId) {
		Address normalised = Address.of(kind, address, null, channelAccountId, this.properties.defaultRegion());
		return this.identities.find(normalised).map(identity -> new IdentityOwner(identity.contactId(), identity.summary()));
	}

	@Override
	@Transactional(readOnly = true)
	public UUID currentContactId(UUID contactId) {
		UUID current = contactId;
		for (int hop = 0; hop < MAX_MERGE_HOPS; hop++) {
			Optional<UUID> next = this.contacts.findById(current).flatMap(Contact::mergedInto);
			if (next.isEmpty()) {
				return current;
			}
			current = next.get();
		}
		throw new IllegalStateException("Contact " + contactId + " is merged in a cycle");
	}

	// Helpers

	Contact contact(UUID id) {
		return this.contacts.findById(id).orElseThrow(() -> new ResourceNotFound("Contact", id));
	}

	private Contact activeContact(UUID id) {
		Contact contact = contact(id);
		if (contact.isMerged()) {
			throw new ContactProblems.ContactMerged(id, contact.mergedInto().orElseThrow());
		}
		return contact;
	}

	private ContactView view(Contact contact) {
		return new ContactView(contact, this.identities.findByContactIdOrderByKindAscAddressAsc(contact.id()));
	}

	private Address address(IdentityDraft draft) {
		return Address.of(draft.kind(), draft.address(), null, draft.channelAccountId(), this.properties.defaultRegion());
	}

	private void requireFree(Address address) {
		Optional<Identity> existing = this.identities.find(address);
		if (existing.isPresent()) {
			throw new ContactProblems.IdentityTaken(address.describe(), existing.get().contactId());
		}
	}

	private static void applyAttributes(Contact contact, List<AttributeChange> changes, Instant now) {
		Set<String> seen = new HashSet<>();
		for (AttributeChange change : changes) {
			if (!seen.add(change.key())) {
				throw new ContactProblems.InvalidAttribute(change.key(), "is listed twice");
			}
			if (change.value() == null) {
				contact.removeAttribute(change.key(), now);
				continue;
			}
			ContactAttribute existing = contact.attributes().get(change.key());
			AttributeType type = change.type() != null ? AttributeType.fromKey(change.type())
					: existing != null ? existing.type() : null;
			if (type == null) {
				throw new ContactProblems.InvalidAttribute(change.key(), "needs a type: text, number, date or choice");
			}
			List<String> options = change.options() != null ? change.options()
					: existing != null && existing.type() == type ? existing.optionList() : null;
			contact.putAttribute(change.key(), ContactAttribute.of(change.key(), type, change.value(), options), now);
		}
		if (contact.attributes().size() > MAX_ATTRIBUTES) {
			throw new InvalidRequest("A contact can have at most " + MAX_ATTRIBUTES + " attributes.");
		}
	}

	/** A checked language code; blank stays blank (it clears the language), {@code null} stays {@code null}. */
	static @Nullable String language(@Nullable String language) {
		if (language == null || language.isBlank()) {
			return language;
		}
		String normalised = language.strip().toLowerCase(Locale.ROOT);
		if (!LANGUAGE.matcher(normalised).matches()) {
			throw new InvalidRequest("Language must be an ISO 639 code such as 'en' or 'nl'.");
		}
		return normalised;
	}

	static String escapeLike(String text) {
		return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

	/** What is needed to create a contact. */
	record ContactDraft(String name, @Nullable String language, @Nullable String company, @Nullable String notes,
			List<AttributeChange> attributes, List<IdentityDraft> identities) {
	}

	/** Changes to a contact; {@code null} leaves a field as it is. */
	record ContactChanges(@Nullable String name, @Nullable String language, @Nullable String company,
			@Nullable String notes, @Nullable List<AttributeChange> attributes) {
	}

	/**
	 * Sets an attribute, or removes it when {@code value} is {@code null}. Type and options may be left out
	 * when the attribute exists.
	 */
	record AttributeChange(String key, @Nullable String type, @Nullable String value, @Nullable List<String> options) {
	}

	/** An address an agent gives; {@code channelAccountId} only for provider ids. */
	record IdentityDraft(IdentityKind kind, String address, @Nullable UUID channelAccountId) {
	}

}
