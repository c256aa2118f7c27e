package nl.naadloos.conversations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.naadloos.contacts.ContactDirectory;
import nl.naadloos.conversations.ConversationResources.ConversationResource;
import nl.naadloos.conversations.ConversationResources.MessageResource;
import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;
import nl.naadloos.platform.ResourceNotFound;

/** A contact's timeline: every conversation and message across channels, in time order. */
@RestController
@Tag(name = "Contacts")
class TimelineApi {

	private final ConversationService service;

	private final ContactDirectory contacts;

	TimelineApi(ConversationService service, ContactDirectory contacts) {
		this.service = service;
		this.contacts = contacts;
	}

	@GetMapping("/api/v1/contacts/{id}/timeline")
	@Operation(summary = "The contact's timeline",
			description = "All conversations of the contact (listed on the first page) and all their messages across "
					+ "channels, oldest first, cursor-paginated.")
	Timeline timeline(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = ConversationsApi.REMOTE_IMAGES, example = "show",
					schema = @Schema(allowableValues = { "block", "show" })) @RequestParam(required = false) @Nullable String remoteImages) {
		boolean show = ConversationResources.showRemoteImages(remoteImages);
		if (this.contacts.findContact(id).isEmpty()) {
			throw new ResourceNotFound("Contact", id);
		}
		List<Conversation> conversations = this.service.conversationsOfContact(this.contacts.currentContactId(id));
		Cursor after = Cursor.decode(cursor, 2);
		CursorPage<Message> page = this.service.timeline(conversations.stream().map(Conversation::id).toList(), after,
				Cursor.limit(limit));
		Map<UUID, List<MessageAttachment>> files = this.service
			.attachmentsOf(page.items().stream().map(Message::id).toList());
		CursorPage<MessageResource> messages = page.map(m -> MessageResource.of(m, files.getOrDefault(m.id(), List.of()), show));
		return new Timeline(after == null ? conversations.stream().map(ConversationResource::of).toList() : List.of(),
				messages.items(), messages.nextCursor());
	}

	record Timeline(List<ConversationResource> conversations, List<MessageResource> items, @Nullable String nextCursor) {
	}

}
