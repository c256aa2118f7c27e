package nl.naadloos.accounts;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Teams: every agent may read them, only admins change them. */
@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Teams", description = "Groups of agents that share work")
class TeamsApi {

	private final AccountService accounts;

	TeamsApi(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping
	@PreAuthorize("hasRole('AGENT')")
	@Operation(summary = "List all teams by name")
	List<TeamResource> list() {
		return this.accounts.teams().stream().map(TeamResource::of).toList();
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('AGENT')")
	@Operation(summary = "Get a team with its members")
	TeamDetail get(@PathVariable UUID id) {
		Team team = this.accounts.team(id);
		return new TeamDetail(TeamResource.of(team), this.accounts.agentsInTeam(id)
			.stream()
			.map(a -> new Member(a.id(), a.name(), a.role().key(), a.isActive()))
			.toList());
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Create a team")
	ResponseEntity<TeamResource> create(@Valid @RequestBody TeamRequest request) {
		Team team = this.accounts.createTeam(request.name(), request.description());
		return ResponseEntity.created(URI.create("/api/v1/teams/" + team.id())).body(TeamResource.of(team));
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Rename a team or change its description")
	TeamResource update(@PathVariable UUID id, @Valid @RequestBody TeamChanges request) {
		return TeamResource.of(this.accounts.updateTeam(id, request.name(), request.description()));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Delete a team", description = "Its agents stay; they are only no longer in the team.")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.accounts.deleteTeam(id);
		return ResponseEntity.noContent().build();
	}

	record TeamResource(UUID id, String name, @Nullable String description, Instant createdAt, Instant updatedAt) {

		static TeamResource of(Team team) {
			return new TeamResource(team.id(), team.name(), team.description(), team.createdAt(), team.updatedAt());
		}

	}

	record TeamDetail(TeamResource team, List<Member> members) {
	}

	record Member(UUID id, String name, String role, boolean active) {
	}

	record TeamRequest(@NotBlank @Size(max = 100) String name, @Nullable @Size(max = 500) String description) {
	}

	record TeamChanges(@Nullable @Size(min = 1, max = 100) String name, @Nullable @Size(max = 500) String description) {
	}

}
