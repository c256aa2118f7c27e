package nl.naadloos.accounts;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Whether agents are there to answer right now (until routing keeps presence: an agent counts as there
 * while they have the workspace open). Channels that answer live, like the chat widget, offer "leave a
 * message" otherwise.
 */
public interface AgentPresence {

	/** Whether at least one active agent is there; of the team, when one is given. */
	boolean anyoneThere(@Nullable UUID teamId);

}
