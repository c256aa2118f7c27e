package nl.naadloos.conversations;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The contact reason taxonomy: every agent reads it, admins change it. */
@RestController
@RequestMapping("/api/v1/contact-reasons")
@Tag(name = "Contact reasons", description = "Why customers get in touch: the taxonomy conversations are classified by")
class ContactReasonsApi {

	private final ContactReasonCatalog catalog;

	ContactReasonsApi(ContactReasonCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping
	@Operation(summary = "List contact reasons", description = "In display order; sub-reasons name their parentKey. "
			+ "Switched-off reasons are listed (old conversations still carry them) but cannot be given anew.")
	List<ContactReasonResource> list() {
		return this.catalog.all().stream().map(ContactReasonResource::of).toList();
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Add a contact reason",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
					value = "{\"key\": \"delivery-address\", \"name\": \"Change of address\", \"nameNl\": \"Adreswijziging\", "
							+ "\"parentKey\": \"delivery\", \"position\": 13}"))))
	ResponseEntity<ContactReasonResource> create(@Valid @RequestBody NewContactReason request) {
		ContactReason reason = this.catalog.create(request.key().strip(), request.name(), request.nameNl(),
				blankToNull(request.parentKey()), request.position());
		return ResponseEntity.created(URI.create("/api/v1/contact-reasons/" + reason.key()))
			.body(ContactReasonResource.of(reason));
	}

	@PatchMapping("/{key}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Rename, move, reorder or switch a contact reason on or off",
			description = "Only the fields present change; parentKey \"\" moves it to the top level. There is no delete: "
					+ "switch it off (active false) so conversations that carry it stay readable.")
	ContactReasonResource update(@PathVariable String key, @Valid @RequestBody ContactReasonChanges request) {
		return ContactReasonResource.of(this.catalog.update(key, request.name(), request.nameNl(),
				blankToNull(request.parentKey()), "".equals(request.parentKey()), request.active(), request.position()));
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	record NewContactReason(@NotBlank @Size(max = 60) String key, @NotBlank @Size(max = 200) String name,
			@Nullable @Size(max = 200) String nameNl, @Nullable @Size(max = 60) String parentKey,
			@Nullable Integer position) {
	}

	record ContactReasonChanges(@Nullable @Size(min = 1, max = 200) String name, @Nullable @Size(max = 200) String nameNl,
			@Nullable @Size(max = 60) String parentKey, @Nullable Boolean active, @Nullable Integer position) {
	}

	/**
	 * @param key what conversations carry (contactReason)
	 * @param name the English name
	 * @param nameNl the Dutch name (the English one when none is set)
	 * @param parentKey the reason it is below, for a sub-reason
	 * @param active whether it can be given to conversations
	 * @param position display order
	 */
	record ContactReasonResource(String key, String name, String nameNl, @Nullable String parentKey, boolean active,
			int position) {

		static ContactReasonResource of(ContactReason reason) {
			return new ContactReasonResource(reason.key(), reason.name(),
					reason.nameNl() == null ? reason.name() : reason.nameNl(), reason.parentKey(), reason.isActive(),
					reason.position());
		}

	}

}
