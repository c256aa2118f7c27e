package nl.naadloos.conversations;

import java.util.UUID;

/** An agent is typing an answer in a conversation. Not stored. */
public record AgentTyping(UUID conversationId, UUID agentId, String agentName) {
}
