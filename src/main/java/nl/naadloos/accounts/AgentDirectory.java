package nl.naadloos.accounts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read access to agents and teams for other modules. */
public interface AgentDirectory {

	Optional<AgentSummary> findAgent(UUID id);

	List<AgentSummary> activeAgents();

	/** Whether a team with this id exists. */
	boolean teamExists(UUID teamId);

	Optional<String> teamName(UUID teamId);

	/** Every team, by name: id and name. */
	List<Map.Entry<UUID, String>> teamNames();

}
