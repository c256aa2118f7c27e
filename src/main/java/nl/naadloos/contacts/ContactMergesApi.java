package nl.naadloos.contacts;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.naadloos.accounts.AgentUser;
import nl.naadloos.contacts.ContactResources.MergeResource;
import nl.naadloos.contacts.ContactResources.SuggestionResource;
import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;

/** Merging contacts that are one person, undoing merges, and the suggestions to merge. */
@RestController
@RequestMapping("/api/v1/contacts")
@Tag(name = "Contact merges", description = "Merge contacts that are one person, undo merges, decide on merge suggestions")
class ContactMergesApi {

	static final String STATUS_PATTERN = "(?i)open|accepted|dismissed";

	static final String STATUS_MESSAGE = "must be open, accepted or dismissed";

	private final MergeService merging;

	ContactMergesApi(MergeService merging) {
		this.merging = merging;
	}

	@PostMapping("/{id}/merge")
	@Operation(summary = "Merge another contact into this one",
			description = "The other contact's identities, the attributes this one lacks, and its notes move here; the other "
					+ "contact is hidden. The answer lists exactly what moved; undo it with POST /merges/{mergeId}/undo.")
	ResponseEntity<MergeResource> merge(@PathVariable UUID id, @Valid @RequestBody MergeRequest request,
			@AuthenticationPrincipal AgentUser me) {
		ContactMerge merge = this.merging.merge(id, request.otherContactId(), me.agentId());
		return ResponseEntity.created(URI.create("/api/v1/contacts/merges/" + merge.id())).body(MergeResource.of(merge));
	}

	@GetMapping("/merges/{mergeId}")
	@Operation(summary = "Get a merge and what moved in it")
	MergeResource getMerge(@PathVariable UUID mergeId) {
		return MergeResource.of(this.merging.merge(mergeId));
	}

	@PostMapping("/merges/{mergeId}/undo")
	@Operation(summary = "Undo a merge",
			description = "Identities and attributes move back, the fields of the surviving contact return to what they were "
					+ "(unless changed since), and the merged contact is shown again.")
	MergeResource undo(@PathVariable UUID mergeId, @AuthenticationPrincipal AgentUser me) {
		return MergeResource.of(this.merging.undo(mergeId, me.agentId()));
	}

	@GetMapping("/merge-suggestions")
	@Operation(summary = "List merge suggestions, newest first",
			description = "status is open (default), accepted or dismissed; contactId limits the list to one contact.")
	CursorPage<SuggestionResource> suggestions(
			@RequestParam(defaultValue = "open") @Pattern(regexp = STATUS_PATTERN, message = STATUS_MESSAGE) String status,
			@RequestParam(required = false) @Nullable UUID contactId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.merging
			.suggestions(MergeSuggestion.Status.fromKey(status), contactId, Cursor.decode(cursor, 2), Cursor.limit(limit))
			.map(SuggestionResource::of);
	}

	@PostMapping("/merge-suggestions/{suggestionId}/accept")
	@Operation(summary = "Accept a merge suggestion",
			description = "Merges the suggestion's contactId into otherContactId, the contact that already had the address.")
	MergeResource accept(@PathVariable UUID suggestionId, @AuthenticationPrincipal AgentUser me) {
		return MergeResource.of(this.merging.accept(suggestionId, me.agentId()));
	}

	@PostMapping("/merge-suggestions/{suggestionId}/dismiss")
	@Operation(summary = "Dismiss a merge suggestion")
	SuggestionResource dismiss(@PathVariable UUID suggestionId, @AuthenticationPrincipal AgentUser me) {
		return SuggestionResource.of(this.merging.dismiss(suggestionId, me.agentId()));
	}

	record MergeRequest(@NotNull UUID otherContactId) {
	}

}
