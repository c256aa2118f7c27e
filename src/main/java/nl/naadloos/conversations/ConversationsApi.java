package nl.naadloos.conversations;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import nl.naadloos.accounts.AgentUser;
import nl.naadloos.conversations.ConversationResources.ConversationResource;
import nl.naadloos.conversations.ConversationResources.MessageResource;
import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ResourceNotFound;

/** Conversations: list, read, change, reply and note. Every agent may work them. */
@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations", description = "Customer requests across every channel")
class ConversationsApi {

	static final String STATUS_PATTERN = "new|open|pending|on-hold|solved|closed";

	static final String PRIORITY_PATTERN = "low|normal|high|urgent";

	static final String REMOTE_IMAGES = "block (default): remote images in an e-mail's html do not load, their address is "
			+ "in data-remote-src; show: they load (src), as the agent allowed it. Inline (cid:) images always show.";

	/** What a browser shows but never runs. */
	private static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
			"application/pdf");

	/** Files one reply may carry. */
	static final int MAX_REPLY_FILES = 10;

	private final ConversationService service;

	private final BlobStore blobs;

	private final OriginalMessages originals;

	ConversationsApi(ConversationService service, BlobStore blobs, OriginalMessages originals) {
		this.service = service;
		this.blobs = blobs;
		this.originals = originals;
	}

	@GetMapping
	@Operation(summary = "List conversations, most recent activity first",
			description = "Filters: status, ownerAgentId, teamId, channel, tag, contactReason, contactId, updatedSince (ISO-8601).")
	CursorPage<ConversationResource> list(
			@Parameter(example = "open", description = STATUS_PATTERN) @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable UUID ownerAgentId,
			@RequestParam(required = false) @Nullable UUID teamId,
			@Parameter(example = "email") @RequestParam(required = false) @Nullable String channel,
			@Parameter(example = "delivery") @RequestParam(required = false) @Nullable String tag,
			@RequestParam(required = false) @Nullable String contactReason,
			@RequestParam(required = false) @Nullable UUID contactId,
			@Parameter(example = "2026-11-01T00:00:00Z") @RequestParam(required = false) @Nullable Instant updatedSince,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		ConversationService.ConversationFilter filter = new ConversationService.ConversationFilter(status(status),
				ownerAgentId, teamId, channel(channel), tag == null ? null : tag.strip().toLowerCase(java.util.Locale.ROOT),
				contactReason, contactId, updatedSince);
		return this.service.list(filter, Cursor.decode(cursor, 2), Cursor.limit(limit)).map(ConversationResource::of);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get a conversation")
	ConversationResource get(@PathVariable UUID id) {
		return ConversationResource.of(this.service.conversation(id));
	}

	@GetMapping("/{id}/messages")
	@Operation(summary = "The messages, notes and events of a conversation, oldest first",
			description = "An e-mail's html shows its inline images from their attachment url; its remote images do not "
					+ "load (their address is in data-remote-src, remoteImages counts them) unless remoteImages=show.")
	CursorPage<MessageResource> messages(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = REMOTE_IMAGES, example = "show",
					schema = @Schema(allowableValues = { "block", "show" })) @RequestParam(required = false) @Nullable String remoteImages) {
		boolean show = ConversationResources.showRemoteImages(remoteImages);
		CursorPage<Message> page = this.service.messages(id, Cursor.decode(cursor, 2), Cursor.limit(limit));
		Map<UUID, List<MessageAttachment>> files = this.service
			.attachmentsOf(page.items().stream().map(Message::id).toList());
		return page.map(m -> MessageResource.of(m, files.getOrDefault(m.id(), List.of()), show));
	}

	@GetMapping("/{id}/messages/{messageId}/attachments/{attachmentId}")
	@Operation(summary = "Download a file of a message",
			description = "Images and PDF documents are served inline, everything else as a download; types a browser "
					+ "could run (HTML, SVG, scripts) are always served as application/octet-stream.")
	ResponseEntity<InputStreamResource> attachment(@PathVariable UUID id, @PathVariable UUID messageId,
			@PathVariable UUID attachmentId) {
		MessageAttachment file = this.service.attachment(id, messageId, attachmentId);
		boolean inline = INLINE_TYPES.contains(file.contentType());
		return ResponseEntity.ok()
			.contentType(inline ? MediaType.parseMediaType(file.contentType()) : MediaType.APPLICATION_OCTET_STREAM)
			.contentLength(file.size())
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.builder(inline ? "inline" : "attachment")
				.filename(file.fileName(), StandardCharsets.UTF_8)
				.build()
				.toString())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", "sandbox; default-src 'none'")
			.body(new InputStreamResource(this.blobs.open(file.sha256())));
	}

	@GetMapping("/{id}/messages/{messageId}/original")
	@Operation(summary = "Download a customer's message as it arrived",
			description = "For e-mail the whole mail (.eml, message/rfc822) with its headers, quoted history and files, "
					+ "exactly as the mail server gave it. 404 for messages that have no original (replies, notes, "
					+ "channels that keep none).")
	ResponseEntity<InputStreamResource> original(@PathVariable UUID id, @PathVariable UUID messageId) {
		Message message = this.service.message(id, messageId);
		OriginalMessages.Original original = message.direction() != MessageDirection.INBOUND
				|| message.channelAccountId() == null || message.providerMessageId() == null ? null
						: this.originals.original(message.channelAccountId(), message.providerMessageId()).orElse(null);
		if (original == null) {
			throw new ResourceNotFound("Original of message", messageId);
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.contentLength(original.size())
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
				.filename("message-" + messageId + "." + original.extension())
				.build()
				.toString())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", "sandbox; default-src 'none'")
			.body(new InputStreamResource(this.blobs.open(original.sha256())));
	}

	@GetMapping("/{id}/audit")
	@Operation(summary = "Who changed what and when",
			description = "Status, priority, owner and team changes, channel switches, merges and splits, oldest first; "
					+ "authorAgentId is the agent who did it (none for the system).")
	List<AuditEntry> audit(@PathVariable UUID id) {
		return this.service.audit(id)
			.stream()
			.map(m -> new AuditEntry(m.id(), m.authorAgentId(), m.text() == null ? "" : m.text(), m.createdAt()))
			.toList();
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change status, priority, owner, team, tags or contact reason",
			description = "Only the fields present change. Set ownerAgentId or teamId to \"\" to clear them.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
					value = "{\"status\": \"pending\", \"priority\": \"high\", \"tags\": [\"delivery\", \"damaged\"], \"contactReason\": \"delivery\"}"))))
	ConversationResource update(@PathVariable UUID id, @Valid @RequestBody ConversationUpdate request,
			@AuthenticationPrincipal AgentUser me) {
		return ConversationResource.of(this.service.update(id, me.agentId(),
				new ConversationService.ConversationChanges(status(request.status()),
						request.priority() == null ? null : Priority.fromKey(request.priority()),
						uuidOrNull(request.ownerAgentId(), "ownerAgentId"), "".equals(request.ownerAgentId()),
						uuidOrNull(request.teamId(), "teamId"), "".equals(request.teamId()), request.tags(),
						request.contactReason(), request.severity())));
	}

	@PostMapping(path = "/{id}/replies", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Reply to the customer",
			description = "Goes out on the channel of the customer's latest message unless channelAccountId names another "
					+ "channel account the contact can be reached on. The reply is queued and delivered with retries; "
					+ "follow its deliveryStatus. With files, post it as multipart/form-data (text, channelAccountId, "
					+ "up to " + MAX_REPLY_FILES + " parts named files).",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Reply.class),
							examples = @ExampleObject(value = "{\"text\": \"Your parcel left our warehouse today.\"}")),
					@Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
							schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ReplyUpload.class)) }))
	ResponseEntity<MessageResource> reply(@PathVariable UUID id, @Valid @RequestBody Reply request,
			@AuthenticationPrincipal AgentUser me) {
		Message reply = this.service.reply(id, me.agentId(), request.text(), request.channelAccountId(), List.of());
		return ResponseEntity.created(URI.create("/api/v1/conversations/" + id + "/messages/" + reply.id()))
			.body(MessageResource.of(reply));
	}

	@PostMapping(path = "/{id}/replies", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Reply to the customer with files",
			description = "The same reply as multipart/form-data: a text field, optionally channelAccountId, and up to "
					+ MAX_REPLY_FILES + " parts named files (each at most 25 MB, naadloos.api.max-upload-size in all). "
					+ "E-mail sends them as attachments, the API channel in its webhook; other channels refuse files.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Reply.class),
							examples = @ExampleObject(value = "{\"text\": \"Your parcel left our warehouse today.\"}")),
					@Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
							schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ReplyUpload.class)) }))
	ResponseEntity<MessageResource> replyWithFiles(@PathVariable UUID id,
			@Parameter(hidden = true) @RequestParam(required = false) @Nullable String text,
			@Parameter(hidden = true) @RequestParam(required = false) @Nullable UUID channelAccountId,
			@Parameter(hidden = true) @RequestParam(name = "files", required = false) @Nullable List<MultipartFile> files,
			@AuthenticationPrincipal AgentUser me) {
		if (text == null || text.isBlank()) {
			throw new InvalidRequest("text must not be blank: write the reply that goes with the files.");
		}
		List<MultipartFile> parts = files == null ? List.of() : files.stream().filter(file -> !file.isEmpty()).toList();
		if (parts.size() > MAX_REPLY_FILES) {
			throw new InvalidRequest("A reply takes at most " + MAX_REPLY_FILES + " files; this one has " + parts.size() + ".");
		}
		List<OutboundDelivery.OutboundFile> stored = new java.util.ArrayList<>();
		for (MultipartFile part : parts) {
			String type = contentType(part);
			// The blob store keeps one copy of equal files, shared with every message and original that has
			// the same bytes: a file of a refused reply is therefore left in place, never deleted here.
			try (java.io.InputStream content = part.getInputStream()) {
				BlobStore.Stored blob = this.blobs.put(content, Long.MAX_VALUE);
				stored.add(new OutboundDelivery.OutboundFile(fileName(part.getOriginalFilename()), type, blob.size(),
						blob.sha256()));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
		Message reply = this.service.reply(id, me.agentId(), text, channelAccountId, stored);
		return ResponseEntity.created(URI.create("/api/v1/conversations/" + id + "/messages/" + reply.id()))
			.body(MessageResource.of(reply, this.service.attachmentsOf(List.of(reply.id())).getOrDefault(reply.id(), List.of()),
					false));
	}

	/** The name without any path or control characters, as a download would offer it. */
	static String fileName(@Nullable String given) {
		String name = given == null ? "" : given.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
		if (name.length() > 200) {
			name = name.substring(name.length() - 200);
		}
		return name.isEmpty() || name.equals(".") || name.equals("..") ? "attachment" : name;
	}

	private static String contentType(MultipartFile part) {
		try {
			if (part.getContentType() != null && !part.getContentType().isBlank()
					&& !part.getContentType().equals(MediaType.APPLICATION_OCTET_STREAM_VALUE)) {
				String type = MediaType.parseMediaType(part.getContentType()).toString();
				if (type.length() > 200) {
					throw new InvalidRequest("The file " + fileName(part.getOriginalFilename()) + " has a media type longer than 200 characters.");
				}
				return type;
			}
		}
		catch (org.springframework.http.InvalidMediaTypeException | org.springframework.util.InvalidMimeTypeException ex) {
			throw new InvalidRequest("The file " + fileName(part.getOriginalFilename()) + " has no valid media type.");
		}
		return org.springframework.http.MediaTypeFactory.getMediaType(fileName(part.getOriginalFilename()))
			.orElse(MediaType.APPLICATION_OCTET_STREAM)
			.toString();
	}

	@PostMapping("/{id}/notes")
	@Operation(summary = "Add an internal note", description = "Notes are never sent to the customer.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
					value = "{\"text\": \"Carrier confirmed the parcel is lost; new one sent with track and trace.\"}"))))
	ResponseEntity<MessageResource> note(@PathVariable UUID id, @Valid @RequestBody Note request,
			@AuthenticationPrincipal AgentUser me) {
		Message note = this.service.note(id, me.agentId(), request.text());
		return ResponseEntity.created(URI.create("/api/v1/conversations/" + id + "/messages/" + note.id()))
			.body(MessageResource.of(note));
	}

	@PostMapping("/{id}/merge")
	@Operation(summary = "Merge another conversation of the same contact into this one",
			description = "The other conversation's messages move here and it is closed, pointing to this one.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
					value = "{\"otherConversationId\": \"0f6d3c9e-8a47-4c1b-9d2e-5b7a1c3e9f20\"}"))))
	ConversationResource merge(@PathVariable UUID id, @Valid @RequestBody Merge request,
			@AuthenticationPrincipal AgentUser me) {
		return ConversationResource.of(this.service.merge(id, request.otherConversationId(), me.agentId()));
	}

	@PostMapping("/{id}/split")
	@Operation(summary = "Split messages off into a new conversation",
			description = "The chosen messages and notes move to a new conversation of the same contact, linked to this one.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
					value = "{\"messageIds\": [\"5e0c2b7a-1d94-4f3e-8a6b-2c9d7e1f4a30\"]}"))))
	ResponseEntity<ConversationResource> split(@PathVariable UUID id, @Valid @RequestBody Split request,
			@AuthenticationPrincipal AgentUser me) {
		Conversation split = this.service.split(id, request.messageIds(), me.agentId());
		return ResponseEntity.created(URI.create("/api/v1/conversations/" + split.id()))
			.body(ConversationResource.of(split));
	}

	static @Nullable ConversationStatus status(@Nullable String status) {
		if (status == null) {
			return null;
		}
		try {
			return ConversationStatus.fromKey(status);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest("status must be one of new, open, pending, on-hold, solved, closed.");
		}
	}

	static @Nullable Channel channel(@Nullable String channel) {
		if (channel == null) {
			return null;
		}
		try {
			return Channel.fromKey(channel);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest("Unknown channel '" + channel + "'.");
		}
	}

	private static @Nullable UUID uuidOrNull(@Nullable String value, String field) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest(field + " must be an id (UUID) or \"\" to clear it.");
		}
	}

	record ConversationUpdate(@Nullable @Pattern(regexp = STATUS_PATTERN, message = "must be new, open, pending, on-hold, solved or closed") String status,
			@Nullable @Pattern(regexp = PRIORITY_PATTERN, message = "must be low, normal, high or urgent") String priority,
			@Nullable String ownerAgentId, @Nullable String teamId,
			@Nullable List<@NotBlank @Size(max = 100) String> tags, @Nullable @Size(max = 200) String contactReason,
			@Nullable @Size(max = 20) String severity) {
	}

	record Reply(@NotBlank @Size(max = 20000) String text, @Nullable UUID channelAccountId) {
	}

	/** How a reply with files is posted (documentation of the multipart form). */
	record ReplyUpload(@io.swagger.v3.oas.annotations.media.Schema(example = "The invoice is attached.") String text,
			@Nullable UUID channelAccountId,
			@io.swagger.v3.oas.annotations.media.ArraySchema(schema = @io.swagger.v3.oas.annotations.media.Schema(
					type = "string", format = "binary")) List<String> files) {
	}

	record Note(@NotBlank @Size(max = 20000) String text) {
	}

	record AuditEntry(UUID id, @Nullable UUID agentId, String change, Instant at) {
	}

	record Merge(@jakarta.validation.constraints.NotNull UUID otherConversationId) {
	}

	record Split(@jakarta.validation.constraints.NotNull @Size(min = 1, max = 1000) List<UUID> messageIds) {
	}

}
