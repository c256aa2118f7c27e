package nl.naadloos.channels;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A visitor answered the question after a solved chat (1 = bad, 5 = very good). */
public record ChatRated(UUID conversationId, UUID contactId, int score, @Nullable String comment) {
}
