package nl.naadloos.contacts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Contacts, identities, merges and audit entries as the API shows them. */
final class ContactResources {

	private ContactResources() {
	}

	/** A contact with its identities and attributes; {@code mergedInto} is set on a merged (hidden) contact. */
	record ContactResource(UUID id, String name, @Nullable String language, @Nullable String company,
			@Nullable String notes, List<AttributeResource> attributes, List<IdentityResource> identities,
			@Nullable UUID mergedInto, Instant createdAt, Instant updatedAt) {

		static ContactResource of(ContactView view) {
			Contact contact = view.contact();
			return new ContactResource(contact.id(), contact.name(), contact.language(), contact.company(),
					contact.notes(),
					contact.attributes()
						.entrySet()
						.stream()
						.map(e -> AttributeResource.of(e.getKey(), e.getValue()))
						.toList(),
					view.identities().stream().map(IdentityResource::of).toList(), contact.mergedInto().orElse(null),
					contact.createdAt(), contact.updatedAt());
		}

	}

	/** A custom attribute; {@code options} only for a choice. */
	record AttributeResource(String key, String type, String value, @Nullable List<String> options) {

		static AttributeResource of(String key, ContactAttribute attribute) {
			return new AttributeResource(key, attribute.type().key(), attribute.value(),
					attribute.type() == AttributeType.CHOICE ? attribute.optionList() : null);
		}

	}

	/** An identity; {@code source} tells how it became known, {@code verifiedBy} how it was verified. */
	record IdentityResource(UUID id, UUID contactId, String kind, String address, String displayAddress,
			@Nullable UUID channelAccountId, boolean verified, @Nullable String verifiedBy, @Nullable Instant verifiedAt,
			String source, Instant firstSeenAt, Instant lastSeenAt) {

		static IdentityResource of(Identity identity) {
			return new IdentityResource(identity.id(), identity.contactId(), identity.kind().key(), identity.address(),
					identity.displayAddress(), identity.channelAccountId(), identity.isVerified(), identity.verifiedBy(),
					identity.verifiedAt(), identity.source(), identity.firstSeenAt(), identity.lastSeenAt());
		}

	}

	/** A merge and exactly what moved in it. */
	record MergeResource(UUID id, UUID survivorId, UUID mergedId, @Nullable UUID suggestionId, Instant mergedAt,
			@Nullable UUID mergedBy, List<UUID> identityIds, List<String> attributeKeys, @Nullable Instant undoneAt,
			@Nullable UUID undoneBy) {

		static MergeResource of(ContactMerge merge) {
			return new MergeResource(merge.id(), merge.survivorId(), merge.mergedId(), merge.suggestionId(),
					merge.mergedAt(), merge.mergedBy(), merge.identityIds(), List.copyOf(merge.attributeKeys()),
					merge.undoneAt(), merge.undoneBy());
		}

	}

	/** A merge suggestion; accepting it merges {@code contactId} into {@code otherContactId}. */
	record SuggestionResource(UUID id, UUID contactId, UUID otherContactId, String reason, String status,
			Instant createdAt, @Nullable Instant decidedAt, @Nullable UUID decidedBy, @Nullable UUID mergeId) {

		static SuggestionResource of(MergeSuggestion suggestion) {
			return new SuggestionResource(suggestion.id(), suggestion.contactId(), suggestion.otherContactId(),
					suggestion.reason(), suggestion.status().key(), suggestion.createdAt(), suggestion.decidedAt(),
					suggestion.decidedBy(), suggestion.mergeId());
		}

	}

	/** One audit entry; {@code agentId} is {@code null} for what Naadloos did by itself. */
	record AuditResource(long id, UUID contactId, @Nullable UUID agentId, String action, String detail,
			Instant occurredAt) {

		static AuditResource of(ContactAuditEntry entry) {
			return new AuditResource(entry.id(), entry.contactId(), entry.agentId(), entry.action(), entry.detail(),
					entry.occurredAt());
		}

	}

}
