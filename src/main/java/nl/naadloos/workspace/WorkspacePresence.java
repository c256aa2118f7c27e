package nl.naadloos.workspace;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import nl.naadloos.accounts.AgentDirectory;
import nl.naadloos.accounts.AgentPresence;
import nl.naadloos.accounts.AgentSummary;

/** An agent is there while they have a workspace screen open (until routing keeps real presence). */
@Component
class WorkspacePresence implements AgentPresence {

	private final LiveUpdates live;

	private final AgentDirectory agents;

	WorkspacePresence(LiveUpdates live, AgentDirectory agents) {
		this.live = live;
		this.agents = agents;
	}

	@Override
	public boolean anyoneThere(@Nullable UUID teamId) {
		return this.live.agentsThere()
			.stream()
			.map(this.agents::findAgent)
			.flatMap(java.util.Optional::stream)
			.filter(AgentSummary::active)
			.anyMatch(agent -> teamId == null || agent.teamIds().contains(teamId));
	}

}
