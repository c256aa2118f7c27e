package nl.naadloos.accounts;

import java.util.List;
import java.util.UUID;

/**
 * What other modules may know of an agent.
 *
 * @param id the agent's id
 * @param name display name
 * @param email login e-mail address
 * @param role the agent's role
 * @param locale language of the agent's screens ({@code en} or {@code nl})
 * @param active whether the agent may log in and receive work
 * @param teamIds the teams the agent belongs to
 * @param skills the agent's skills, lower case
 */
public record AgentSummary(UUID id, String name, String email, Role role, String locale, boolean active,
		List<UUID> teamIds, List<String> skills) {
}
