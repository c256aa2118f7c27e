package nl.naadloos.accounts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An agent as the API shows it. */
record AgentResource(UUID id, String name, String email, String role, String locale, boolean active,
		List<TeamRef> teams, List<String> skills, Instant createdAt, Instant updatedAt,
		@Nullable Instant deactivatedAt) {

	static AgentResource of(Agent agent) {
		return new AgentResource(agent.id(), agent.name(), agent.email(), agent.role().key(), agent.locale(),
				agent.isActive(), agent.teams().stream().map(t -> new TeamRef(t.id(), t.name())).toList(),
				agent.skills(), agent.createdAt(), agent.updatedAt(), agent.deactivatedAt());
	}

	record TeamRef(UUID id, String name) {
	}

}
