package nl.naadloos.accounts;

import java.util.UUID;

/**
 * An agent was deactivated: their sessions and API tokens stop working, and modules that hand out work
 * (routing) must stop giving them any.
 *
 * @param agentId the deactivated agent
 */
public record AgentDeactivated(UUID agentId) {
}
