package nl.naadloos.channels;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import nl.naadloos.contacts.ContactDeleted;
import nl.naadloos.conversations.CustomerConversations;

/** The one question after a solved chat: a score of 1 to 5 and a comment, once per conversation. */
@Component
class WebchatRatings {

	private final JdbcTemplate jdbc;

	private final CustomerConversations customers;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	WebchatRatings(JdbcTemplate jdbc, CustomerConversations customers, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.events = events;
		this.clock = clock;
	}

	boolean rated(UUID conversationId) {
		Integer count = this.jdbc.queryForObject("select count(*) from webchat_ratings where conversation_id = ?",
				Integer.class, conversationId);
		return count != null && count > 0;
	}

	/** Records the rating (a second one for the same conversation changes nothing) and notes it in the timeline. */
	@Transactional
	void rate(CustomerConversations.Summary conversation, UUID widgetId, int score, @Nullable String comment) {
		try {
			this.jdbc.update("""
					insert into webchat_ratings (conversation_id, contact_id, channel_account_id, score, comment, rated_at)
					values (?, ?, ?, ?, ?, ?)""", conversation.id(), conversation.contactId(), widgetId, score, comment,
					OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		}
		catch (DuplicateKeyException alreadyRated) {
			return;
		}
		this.customers.recordEvent(conversation.id(), "The customer rated the chat " + score + " out of 5"
				+ (comment == null ? "." : ": \u201c" + comment + "\u201d"));
		this.events.publishEvent(new ChatRated(conversation.id(), conversation.contactId(), score, comment));
	}

	/** Erasing a contact erases their ratings and comments too. */
	@org.springframework.modulith.events.ApplicationModuleListener
	void on(ContactDeleted deleted) {
		this.jdbc.update("delete from webchat_ratings where contact_id = ?", deleted.contactId());
	}

}
