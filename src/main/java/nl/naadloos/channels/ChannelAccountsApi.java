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

/** Channel accounts, managed by admins. Secrets are write-only. */
@RestController
@RequestMapping("/api/v1/channel-accounts")
@Tag(name = "Channel accounts", description = "Configured connections of each channel")
class ChannelAccountsApi {

	private final ChannelAccountService service;

	ChannelAccountsApi(ChannelAccountService service) {
		this.service = service;
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

	private ChannelAccountResource resource(ChannelAccount account) {
		return new ChannelAccountResource(account.id(), account.kind().key(), account.name(), account.isActive(),
				this.service.visibleSettings(account), account.createdAt(), account.updatedAt());
	}

	record NewChannelAccount(@NotBlank String kind, @NotBlank @Size(max = 200) String name,
			@NotNull Map<String, Object> settings) {
	}

	record ChannelAccountChanges(@Nullable @Size(min = 1, max = 200) String name,
			@Nullable Map<String, Object> settings, @Nullable Boolean active) {
	}

	record ChannelAccountResource(UUID id, String kind, String name, boolean active, Map<String, Object> settings,
			Instant createdAt, Instant updatedAt) {
	}

}
