package nl.naadloos.contacts;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.naadloos.accounts.AgentUser;
import nl.naadloos.contacts.ContactResources.AuditResource;
import nl.naadloos.contacts.ContactResources.ContactResource;
import nl.naadloos.contacts.ContactResources.IdentityResource;
import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;
import nl.naadloos.platform.InvalidRequest;

/** Contacts and their identities: every agent works with them, only admins erase them. */
@RestController
@RequestMapping("/api/v1/contacts")
@Tag(name = "Contacts", description = "Customers and their identities (e-mail, phone, provider ids) on every channel")
class ContactsApi {

	static final String LANGUAGE_PATTERN = "|[a-z]{2,3}";

	static final String KIND_PATTERN = "(?i)email|phone|provider";

	static final String TYPE_PATTERN = "(?i)text|number|date|choice";

	static final String KEY_PATTERN = "[A-Za-z][A-Za-z0-9_.-]{0,63}";

	static final String KEY_MESSAGE = "must start with a letter and have at most 64 letters, digits, '_', '.' or '-'";

	static final String LANGUAGE_MESSAGE = "must be an ISO 639 code such as en or nl";

	private final ContactService contacts;

	ContactsApi(ContactService contacts) {
		this.contacts = contacts;
	}

	@GetMapping
	@Operation(summary = "List or search contacts by name",
			description = "q finds part of a name, e-mail address or phone number; a phone number may be written in any format "
					+ "(06 12345678, +31 6 1234 5678, 0031612345678). Merged contacts are not listed.")
	CursorPage<ContactResource> list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.contacts.search(q, Cursor.decode(cursor, 2), Cursor.limit(limit)).map(ContactResource::of);
	}

	@PostMapping
	@Operation(summary = "Create a contact",
			description = "Identities given here are unverified. An address that already belongs to a contact is a 409 "
					+ "naming that contact (contactId); nothing is stored then.")
	ResponseEntity<ContactResource> create(@Valid @RequestBody CreateContact request,
			@AuthenticationPrincipal AgentUser me) {
		ContactView view = this.contacts.create(new ContactService.ContactDraft(request.name(), request.language(),
				request.company(), request.notes(), attributes(request.attributes()),
				request.identities() == null ? List.of()
						: request.identities().stream().map(NewIdentity::draft).toList()),
				me.agentId());
		return ResponseEntity.created(URI.create("/api/v1/contacts/" + view.contact().id()))
			.body(ContactResource.of(view));
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get a contact with its identities and attributes",
			description = "A merged contact is still returned, with mergedInto naming the contact it now lives in.")
	ContactResource get(@PathVariable UUID id) {
		return ContactResource.of(this.contacts.view(id));
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change a contact",
			description = "Only the fields present are changed; an empty language, company or notes clears it. Each "
					+ "attribute given is set, or removed when its value is null.")
	ContactResource update(@PathVariable UUID id, @Valid @RequestBody UpdateContact request,
			@AuthenticationPrincipal AgentUser me) {
		return ContactResource.of(this.contacts.update(id, new ContactService.ContactChanges(request.name(),
				request.language(), request.company(), request.notes(),
				request.attributes() == null ? null : attributes(request.attributes())), me.agentId()));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Erase a contact",
			description = "Deletes the contact, its identities, attributes and history for good (GDPR erasure), with the "
					+ "contacts merged into it. The audit keeps one entry of the erasure, without personal data.")
	ResponseEntity<Void> delete(@PathVariable UUID id, @AuthenticationPrincipal AgentUser me) {
		this.contacts.delete(id, me.agentId());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/identities")
	@Operation(summary = "List a contact's identities")
	List<IdentityResource> identities(@PathVariable UUID id) {
		return this.contacts.identities(id).stream().map(IdentityResource::of).toList();
	}

	@PostMapping("/{id}/identities")
	@Operation(summary = "Add an identity to a contact",
			description = "Added unverified. An address that already belongs to a contact is a 409 naming that contact.")
	ResponseEntity<IdentityResource> addIdentity(@PathVariable UUID id, @Valid @RequestBody NewIdentity request,
			@AuthenticationPrincipal AgentUser me) {
		Identity identity = this.contacts.addIdentity(id, request.draft(), me.agentId());
		return ResponseEntity.created(URI.create("/api/v1/contacts/" + id + "/identities/" + identity.id()))
			.body(IdentityResource.of(identity));
	}

	@DeleteMapping("/{id}/identities/{identityId}")
	@Operation(summary = "Remove an identity from a contact")
	ResponseEntity<Void> removeIdentity(@PathVariable UUID id, @PathVariable UUID identityId,
			@AuthenticationPrincipal AgentUser me) {
		this.contacts.removeIdentity(id, identityId, me.agentId());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/identities/{identityId}/verify")
	@Operation(summary = "Mark an identity as verified",
			description = "For example after the customer confirmed the address to the agent.")
	IdentityResource verifyIdentity(@PathVariable UUID id, @PathVariable UUID identityId,
			@AuthenticationPrincipal AgentUser me) {
		return IdentityResource.of(this.contacts.verifyIdentity(id, identityId, me.agentId()));
	}

	@GetMapping("/{id}/audit")
	@Operation(summary = "Who changed what about a contact", description = "Newest first.")
	CursorPage<AuditResource> audit(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.contacts.audit(id, Cursor.decode(cursor, 1), Cursor.limit(limit)).map(AuditResource::of);
	}

	private static List<ContactService.AttributeChange> attributes(@Nullable List<AttributeInput> attributes) {
		return attributes == null ? List.of() : attributes.stream().map(AttributeInput::change).toList();
	}

	record CreateContact(@NotBlank @Size(max = 200) String name,
			@Nullable @Pattern(regexp = LANGUAGE_PATTERN, message = LANGUAGE_MESSAGE) String language,
			@Nullable @Size(max = 200) String company, @Nullable @Size(max = 10_000) String notes,
			@Nullable @Size(max = ContactService.MAX_ATTRIBUTES) List<@Valid AttributeInput> attributes,
			@Nullable @Size(max = 20) List<@Valid NewIdentity> identities) {
	}

	record UpdateContact(
			@Nullable @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
			@Nullable @Pattern(regexp = LANGUAGE_PATTERN, message = LANGUAGE_MESSAGE) String language,
			@Nullable @Size(max = 200) String company, @Nullable @Size(max = 10_000) String notes,
			@Nullable @Size(max = ContactService.MAX_ATTRIBUTES) List<@Valid AttributeInput> attributes) {
	}

	/** A custom attribute; {@code value} {@code null} removes it (on a change). */
	record AttributeInput(
			@NotBlank @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE) String key,
			@Nullable @Pattern(regexp = TYPE_PATTERN, message = "must be text, number, date or choice") String type,
			@Nullable @Size(max = AttributeType.MAX_TEXT) String value,
			@Nullable @Size(max = ContactAttribute.MAX_OPTIONS) List<String> options) {

		ContactService.AttributeChange change() {
			return new ContactService.AttributeChange(this.key, this.type, this.value, this.options);
		}

	}

	/** An address of a contact; {@code channelAccountId} is needed for (only) a provider id. */
	record NewIdentity(@NotBlank @Pattern(regexp = KIND_PATTERN, message = "must be email, phone or provider") String kind,
			@NotBlank @Size(max = 320) String address, @Nullable UUID channelAccountId) {

		ContactService.IdentityDraft draft() {
			IdentityKind identityKind = IdentityKind.fromKey(this.kind);
			if (identityKind != IdentityKind.PROVIDER && this.channelAccountId != null) {
				throw new InvalidRequest(
						"Only a provider id belongs to a channel account; leave channelAccountId out for " + this.kind + ".");
			}
			return new ContactService.IdentityDraft(identityKind, this.address, this.channelAccountId);
		}

	}

}
