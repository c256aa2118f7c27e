package nl.naadloos.channels;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;

/** Channel accounts, managed by admins. Secrets are write-only. */
@RestController
@RequestMapping("/api/v1/channel-accounts")
@Tag(name = "Channel accounts", description = "Configured connections of each channel")
class ChannelAccountsApi {

	private final ChannelAccountService service;

	private final MailboxSyncs syncs;

	private final MailboxPoller mailboxes;

	private final EmailProvider email;

	ChannelAccountsApi(ChannelAccountService service, MailboxSyncs syncs, MailboxPoller mailboxes, EmailProvider email) {
		this.service = service;
		this.syncs = syncs;
		this.mailboxes = mailboxes;
		this.email = email;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "List channel accounts")
	List<ChannelAccountResource> list() {
		return this.service.all().stream().map(this::resource).toList();
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Get a channel account")
	ChannelAccountResource get(@PathVariable UUID id) {
		return resource(this.service.account(id));
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Create a channel account",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
					name = "API channel", value = """
							{"kind": "api", "name": "Webshop", "settings": {"secret": "a-long-random-secret-of-32-chars-or-more",
							 "webhookUrl": "https://shop.example.nl/naadloos/webhook", "trusted": true}}"""))))
	ResponseEntity<ChannelAccountResource> create(@Valid @RequestBody NewChannelAccount request) {
		ChannelAccount account = this.service.create(request.kind(), request.name(), request.settings());
		return ResponseEntity.created(URI.create("/api/v1/channel-accounts/" + account.id())).body(resource(account));
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Change a channel account", description = "Secrets left out of settings keep their value.")
	ChannelAccountResource update(@PathVariable UUID id, @Valid @RequestBody ChannelAccountChanges request) {
		return resource(this.service.update(id, request.name(), request.settings(), request.active()));
	}

	@PostMapping("/{id}/test")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Test a mailbox's connection",
			description = "Logs in to the IMAP server (and opens the folder) and to the SMTP server with the stored settings, "
					+ "and says in words what failed. Changes nothing.")
	ConnectionTest test(@PathVariable UUID id) {
		ChannelAccount account = this.service.account(id);
		if (account.kind() != Channel.EMAIL) {
			throw new InvalidRequest("Only mailboxes (kind email) have a connection to test.");
		}
		ChannelAccountService.LiveAccount live = this.service.live(id).orElseThrow();
		String imap = this.mailboxes.check(live.settings());
		String smtp = this.email.check(live.settings());
		return new ConnectionTest(imap == null && smtp == null, imap == null ? "ok" : imap, smtp == null ? "ok" : smtp);
	}

	private ChannelAccountResource resource(ChannelAccount account) {
		MailboxStatus status = null;
		if (account.kind() == Channel.EMAIL) {
			status = this.syncs.findById(account.id())
				.map(sync -> new MailboxStatus(sync.connected(), sync.lastSyncAt(), sync.lastError()))
				.orElse(new MailboxStatus(false, null, null));
		}
		return new ChannelAccountResource(account.id(), account.kind().key(), account.name(), account.isActive(),
				this.service.visibleSettings(account), status, account.createdAt(), account.updatedAt());
	}

	/**
	 * @param ok whether both worked
	 * @param imap "ok" or what failed
	 * @param smtp "ok" or what failed
	 */
	record ConnectionTest(boolean ok, String imap, String smtp) {
	}

	/**
	 * How reading a mailbox goes.
	 * @param connected whether the last read worked
	 * @param lastSyncAt when it last read the mailbox completely
	 * @param lastError what went wrong last, in words
	 */
	record MailboxStatus(boolean connected, @Nullable Instant lastSyncAt, @Nullable String lastError) {
	}

	record NewChannelAccount(@NotBlank String kind, @NotBlank @Size(max = 200) String name,
			@NotNull Map<String, Object> settings) {
	}

	record ChannelAccountChanges(@Nullable @Size(min = 1, max = 200) String name,
			@Nullable Map<String, Object> settings, @Nullable Boolean active) {
	}

	record ChannelAccountResource(UUID id, String kind, String name, boolean active, Map<String, Object> settings,
			@Nullable MailboxStatus status, Instant createdAt, Instant updatedAt) {
	}

}
