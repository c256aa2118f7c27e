package nl.naadloos.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.SenderHints;
import nl.naadloos.conversations.ConversationInbox;
import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.platform.Channel;

/**
 * Demo data on first start: two API channel accounts (a web shop and a mobile app) and customers who
 * write on both, so that one conversation spanning two channel accounts is there to look at. It goes
 * through the same threading as real traffic.
 */
@Component
class DemoConversations {

	private static final Logger log = LoggerFactory.getLogger(DemoConversations.class);

	private final ChannelAccountService accounts;

	private final ConversationInbox inbox;

	private final Clock clock;

	private final boolean demoData;

	DemoConversations(ChannelAccountService accounts, ConversationInbox inbox, Clock clock,
			@Value("${naadloos.demo-data:false}") boolean demoData) {
		this.accounts = accounts;
		this.inbox = inbox;
		this.clock = clock;
		this.demoData = demoData;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(100)
	void onFirstStart() {
		if (!this.demoData || !this.accounts.all().isEmpty()) {
			return;
		}
		ChannelAccount shop = this.accounts.create("api", "Webshop (demo)",
				Map.of("secret", UUID.randomUUID().toString(), "trusted", true));
		ChannelAccount app = this.accounts.create("api", "Mobiele app (demo)",
				Map.of("secret", UUID.randomUUID().toString(), "trusted", true));
		Instant now = this.clock.instant();
		receive(shop, "demo-1", "anouk-1042", "Anouk Peeters", "anouk.peeters@example.nl", "06 12345678", "nl",
				"Bestelling 1042 is nog niet binnen", "Hallo, mijn bestelling 1042 zou gisteren komen maar is er nog niet. Kunt u kijken waar hij is?",
				now.minus(Duration.ofHours(3)));
		receive(app, "demo-2", "app-77", "Anouk Peeters", null, "+31 6 1234 5678", "nl", null,
				"Ik zie in de app dat hij bij het afhaalpunt ligt, maar daar weten ze van niks.",
				now.minus(Duration.ofHours(1)));
		receive(app, "demo-3", "app-78", "James Whitfield", "james.whitfield@example.co.uk", "+44 7700 900123", "en",
				"Return for a damaged kettle", "Hi, the kettle I ordered arrived with a cracked lid. How do I return it?",
				now.minus(Duration.ofMinutes(40)));
		receive(shop, "demo-4", "lieke-2201", "Lieke de Boer", "lieke@example.nl", null, "nl", "Factuur kwijt",
				"Kan ik de factuur van mijn laatste bestelling nog een keer krijgen?", now.minus(Duration.ofMinutes(15)));
		ChannelAccount widget = this.accounts.create("webchat", "Website chat (demo)",
				Map.of("allowedOrigins", java.util.List.of("http://localhost:8080")));
		log.info("Created demo conversations on two API channel accounts (one spans both), and a chat widget: "
				+ "try it at /admin/widgets/{}/preview", widget.id());
	}

	private void receive(ChannelAccount account, String messageId, String fromId, String name, String email,
			String phone, String language, String subject, String text, Instant sentAt) {
		SenderHints sender = new SenderHints(Channel.API.key(), account.id(), IdentityKind.PROVIDER, fromId, name, email,
				phone, true, language);
		this.inbox.receive(new InboundEnvelope(Channel.API, account.id(), sender, messageId,
				subject, text, null, sentAt, null));
	}

}
