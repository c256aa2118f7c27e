package nl.naadloos.conversations;

import java.util.List;

import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.Cursor;

/** The filtered conversation list, built from only the filters that are given. */
interface ConversationLists {

	List<Conversation> byActivity(ConversationService.ConversationFilter filter, @Nullable Cursor after, int fetch);

	/** How many conversations match, for the counts of the inbox views. */
	long countMatching(ConversationService.ConversationFilter filter);

}
