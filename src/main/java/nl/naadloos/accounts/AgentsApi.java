package nl.naadloos.accounts;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;

/** Agents: supervisors may read them, only admins change them. */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "Agents", description = "The people who work in Naadloos")
class AgentsApi {

	static final String ROLE_PATTERN = "(?i)admin|supervisor|agent";

	static final String LOCALE_PATTERN = "en|nl";

	private final AccountService accounts;

	AgentsApi(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping
	@PreAuthorize("hasRole('SUPERVISOR')")
	@Operation(summary = "List agents by name", description = "Filter with active=true|false and q (part of name or e-mail).")
	CursorPage<AgentResource> list(@RequestParam(required = false) @Nullable Boolean active,
			@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.accounts.agents(active, q, Cursor.decode(cursor, 2), Cursor.limit(limit)).map(AgentResource::of);
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('SUPERVISOR')")
	@Operation(summary = "Get an agent")
	AgentResource get(@PathVariable UUID id) {
		return AgentResource.of(this.accounts.agent(id));
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Create an agent",
			description = "Without a password a strong one is generated and returned once as initialPassword.")
	ResponseEntity<CreatedAgent> create(@Valid @RequestBody CreateAgent request) {
		String password = request.password() == null ? AccountsBootstrap.generatePassword() : request.password();
		Agent agent = this.accounts.createAgent(new AccountService.AgentDraft(request.name(), request.email(),
				Role.fromKey(request.role()), request.locale() == null ? "en" : request.locale(),
				request.teamIds() == null ? List.of() : request.teamIds(),
				request.skills() == null ? List.of() : request.skills()), password);
		return ResponseEntity.created(URI.create("/api/v1/agents/" + agent.id()))
			.body(new CreatedAgent(AgentResource.of(agent), request.password() == null ? password : null));
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Change an agent", description = "Only the fields present are changed.")
	AgentResource update(@PathVariable UUID id, @Valid @RequestBody UpdateAgent request,
			@AuthenticationPrincipal AgentUser me) {
		return AgentResource.of(this.accounts.updateAgent(id,
				new AccountService.AgentChanges(request.name(), request.email(),
						request.role() == null ? null : Role.fromKey(request.role()), request.locale(),
						request.teamIds(), request.skills()),
				me.agentId()));
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Deactivate an agent", description = "The agent can no longer log in; their API tokens stop working.")
	AgentResource deactivate(@PathVariable UUID id, @AuthenticationPrincipal AgentUser me) {
		return AgentResource.of(this.accounts.deactivate(id, me.agentId()));
	}

	@PostMapping("/{id}/reactivate")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Reactivate a deactivated agent")
	AgentResource reactivate(@PathVariable UUID id) {
		return AgentResource.of(this.accounts.reactivate(id));
	}

	@PostMapping("/{id}/password")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Reset an agent's password",
			description = "Sets the given password, or generates one and returns it once.")
	PasswordReset resetPassword(@PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable ResetPassword request) {
		String password = request == null || request.password() == null ? AccountsBootstrap.generatePassword()
				: request.password();
		this.accounts.resetPassword(id, password);
		return new PasswordReset(request == null || request.password() == null ? password : null);
	}

	record CreateAgent(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email,
			@NotBlank @Pattern(regexp = ROLE_PATTERN, message = "must be admin, supervisor or agent") String role,
			@Nullable @Pattern(regexp = LOCALE_PATTERN, message = "must be en or nl") String locale,
			@Nullable List<UUID> teamIds, @Nullable Set<@NotBlank @Size(max = 100) String> skills,
			@Nullable @Size(min = 12, max = 128) String password) {
	}

	record UpdateAgent(@Nullable @Size(min = 1, max = 200) String name, @Nullable @Email @Size(max = 320) String email,
			@Nullable @Pattern(regexp = ROLE_PATTERN, message = "must be admin, supervisor or agent") String role,
			@Nullable @Pattern(regexp = LOCALE_PATTERN, message = "must be en or nl") String locale,
			@Nullable List<UUID> teamIds, @Nullable Set<@NotBlank @Size(max = 100) String> skills) {

		UpdateAgent {
			name = name == null ? null : name.strip();
			role = role == null ? null : role.toLowerCase(Locale.ROOT);
		}

	}

	record ResetPassword(@Nullable @Size(min = 12, max = 128) String password) {
	}

	record PasswordReset(@Nullable String generatedPassword) {
	}

	record CreatedAgent(AgentResource agent, @Nullable String initialPassword) {
	}

}
