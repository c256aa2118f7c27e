package nl.naadloos.accounts;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The calling agent's own profile and personal API tokens. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "Your own profile and personal API tokens")
class MeApi {

	private final AccountService accounts;

	MeApi(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping
	@Operation(summary = "Who am I")
	AgentResource me(@AuthenticationPrincipal AgentUser me) {
		return AgentResource.of(this.accounts.agent(me.agentId()));
	}

	@PatchMapping
	@Operation(summary = "Change your name or language")
	AgentResource update(@AuthenticationPrincipal AgentUser me, @Valid @RequestBody ProfileChanges request) {
		return AgentResource.of(this.accounts.updateProfile(me.agentId(), request.name(), request.locale()));
	}

	@PutMapping("/password")
	@Operation(summary = "Change your password")
	ResponseEntity<Void> changePassword(@AuthenticationPrincipal AgentUser me, @Valid @RequestBody PasswordChange request) {
		this.accounts.changeOwnPassword(me.agentId(), request.currentPassword(), request.newPassword());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/tokens")
	@Operation(summary = "List your API tokens", description = "Token values are never shown again after creation.")
	List<TokenResource> tokens(@AuthenticationPrincipal AgentUser me) {
		return this.accounts.tokensOf(me.agentId()).stream().map(TokenResource::of).toList();
	}

	@PostMapping("/tokens")
	@Operation(summary = "Create an API token", description = "The answer carries the token itself; store it, it is shown only once.")
	ResponseEntity<CreatedToken> createToken(@AuthenticationPrincipal AgentUser me, @Valid @RequestBody NewToken request) {
		AccountService.IssuedToken issued = this.accounts.issueToken(me.agentId(), request.name(), request.expiresAt());
		return ResponseEntity.created(URI.create("/api/v1/me/tokens/" + issued.token().id()))
			.body(new CreatedToken(TokenResource.of(issued.token()), issued.secret().value()));
	}

	@DeleteMapping("/tokens/{id}")
	@Operation(summary = "Revoke one of your API tokens")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal AgentUser me, @PathVariable UUID id) {
		this.accounts.revokeToken(me.agentId(), id);
		return ResponseEntity.noContent().build();
	}

	record ProfileChanges(@Nullable @Size(min = 1, max = 200) String name,
			@Nullable @Pattern(regexp = AgentsApi.LOCALE_PATTERN, message = "must be en or nl") String locale) {
	}

	record PasswordChange(@NotBlank String currentPassword, @NotBlank @Size(min = 12, max = 128) String newPassword) {
	}

	record NewToken(@NotBlank @Size(max = 100) String name, @Nullable @Future Instant expiresAt) {
	}

	record TokenResource(UUID id, String name, String prefix, Instant createdAt, @Nullable Instant lastUsedAt,
			@Nullable Instant expiresAt, @Nullable Instant revokedAt) {

		static TokenResource of(ApiToken token) {
			return new TokenResource(token.id(), token.name(), token.prefix(), token.createdAt(), token.lastUsedAt(),
					token.expiresAt(), token.revokedAt());
		}

	}

	record CreatedToken(TokenResource details, String token) {
	}

}
