package nl.naadloos.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.naadloos.contacts.ContactDirectory;
import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.conversations.CustomerConversations;
import nl.naadloos.conversations.CustomerConversations.UnreadReply;
import nl.naadloos.platform.Channel;

/**
 * A visitor who left the chat still gets the answer: chat replies they have not read within the widget's
 * {@code emailAfterMinutes} go out once more by e-mail (all unread ones of a conversation together), to the
 * address they gave, as a reply in the same conversation. Their answer by mail continues it. Once per
 * reply, also with several nodes (a row per reply claims it).
 */
@Component
class WebchatEmailFallback {

	private static final Logger log = LoggerFactory.getLogger(WebchatEmailFallback.class);

	/** Replies older than this are not sent by e-mail any more: the moment has passed. */
	static final Duration HORIZON = Duration.ofDays(3);

	private static final int BATCH = 200;

	private final CustomerConversations customers;

	private final ContactDirectory contacts;

	private final WebchatWidgets widgets;

	private final WebchatSessions sessions;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final Clock clock;

	WebchatEmailFallback(CustomerConversations customers, ContactDirectory contacts, WebchatWidgets widgets,
			WebchatSessions sessions, JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
		this.customers = customers;
		this.contacts = contacts;
		this.widgets = widgets;
		this.sessions = sessions;
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${naadloos.channels.webchat.email-fallback-interval:PT30S}", initialDelay = 20_000)
	void sendUnread() {
		Instant now = this.clock.instant();
		Instant after = now.minus(HORIZON);
		List<UnreadReply> unread;
		do {
			// Paged by time: replies sent by e-mail before stay unread in the chat, and are skipped here.
			unread = this.customers.unreadReplies(Channel.WEBCHAT, after, now, BATCH);
			if (!unread.isEmpty()) {
				after = unread.getLast().createdAt();
			}
			Set<UUID> done = sentBefore(unread);
			sendUnread(unread.stream().filter(reply -> !done.contains(reply.messageId())).toList(), now);
		}
		while (unread.size() == BATCH);
	}

	/** Which of these messages are e-mail copies of chat answers. */
	Set<UUID> copiesIn(List<UUID> messageIds) {
		if (messageIds.isEmpty()) {
			return Set.of();
		}
		String marks = String.join(",", java.util.Collections.nCopies(messageIds.size(), "?"));
		return new HashSet<>(this.jdbc.queryForList("select email_message_id from webchat_email_fallbacks where email_message_id in ("
				+ marks + ")", UUID.class, messageIds.toArray()));
	}

	private Set<UUID> sentBefore(List<UnreadReply> replies) {
		if (replies.isEmpty()) {
			return Set.of();
		}
		String marks = String.join(",", java.util.Collections.nCopies(replies.size(), "?"));
		return new HashSet<>(this.jdbc.queryForList("select message_id from webchat_email_fallbacks where message_id in ("
				+ marks + ")", UUID.class, replies.stream().map(UnreadReply::messageId).toArray()));
	}

	private void sendUnread(List<UnreadReply> unread, Instant now) {
		Map<UUID, List<UnreadReply>> byConversation = unread.stream()
			.collect(Collectors.groupingBy(UnreadReply::conversationId, LinkedHashMap::new, Collectors.toList()));
		for (List<UnreadReply> replies : byConversation.values()) {
			try {
				consider(replies, now);
			}
			catch (RuntimeException ex) {
				log.warn("Sending unread chat replies of conversation {} by e-mail failed: {}",
						replies.getFirst().conversationId(), ex.toString());
			}
		}
	}

	private void consider(List<UnreadReply> replies, Instant now) {
		UnreadReply first = replies.getFirst();
		WebchatWidgets.Widget widget = this.widgets.active(first.channelAccountId()).orElse(null);
		if (widget == null || widget.emailAfterMinutes() == 0
				|| first.createdAt().isAfter(now.minus(Duration.ofMinutes(widget.emailAfterMinutes())))
				|| !this.sessions.ofConversation(first.conversationId()).isEmpty()) {
			return; // not due, or the visitor is still there to read it
		}
		boolean hasEmail = this.contacts.identitiesOf(first.contactId())
			.stream()
			.anyMatch(identity -> identity.kind() == IdentityKind.EMAIL);
		ChannelAccountService.LiveAccount mailbox = this.widgets.mailbox(widget).orElse(null);
		if (!hasEmail || mailbox == null) {
			return;
		}
		this.tx.executeWithoutResult(status -> {
			try {
				for (UnreadReply reply : replies) {
					this.jdbc.update("""
							insert into webchat_email_fallbacks (message_id, conversation_id, sent_at) values (?, ?, ?)""",
							reply.messageId(), reply.conversationId(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
				}
			}
			catch (DuplicateKeyException sentAlready) {
				status.setRollbackOnly();
				return;
			}
			UUID email = this.customers.resend(replies.stream().map(UnreadReply::messageId).toList(),
					mailbox.account().id(), "The customer left the chat without reading " + (replies.size() == 1
							? "the answer" : "the " + replies.size() + " answers") + " within " + widget.emailAfterMinutes()
							+ " minutes: sent by e-mail.");
			this.jdbc.update("update webchat_email_fallbacks set email_message_id = ? where message_id = ?", email,
					replies.getFirst().messageId());
		});
	}

}
