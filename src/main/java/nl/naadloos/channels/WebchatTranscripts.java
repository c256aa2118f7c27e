package nl.naadloos.channels;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import nl.naadloos.conversations.CustomerConversations;
import nl.naadloos.conversations.CustomerConversations.CustomerMessage;

/**
 * E-mails a visitor the chat they asked for, through the widget's mailbox: what they and the agents
 * wrote, with times, in their language. Noted in the conversation's timeline.
 */
@Component
class WebchatTranscripts {

	private static final Logger log = LoggerFactory.getLogger(WebchatTranscripts.class);

	private final WebchatWidgets widgets;

	private final CustomerConversations customers;

	private final MessageSource texts;

	private final ZoneId zone;

	/** Mail servers can be slow: never on the thread that reads the visitor's frames. */
	private final ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofPlatform()
		.name("webchat-transcripts")
		.daemon()
		.factory());

	WebchatTranscripts(WebchatWidgets widgets, CustomerConversations customers, MessageSource texts,
			@Value("${naadloos.time-zone:Europe/Amsterdam}") ZoneId zone) {
		this.widgets = widgets;
		this.customers = customers;
		this.texts = texts;
		this.zone = zone;
	}

	void send(WebchatWidgets.Widget widget, UUID conversationId, String email, Locale language, Consumer<Boolean> done) {
		this.sender.execute(() -> done.accept(sendNow(widget, conversationId, email, language)));
	}

	boolean sendNow(WebchatWidgets.Widget widget, UUID conversationId, String email, Locale language) {
		ChannelAccountService.LiveAccount mailbox = this.widgets.mailbox(widget).orElse(null);
		if (mailbox == null) {
			log.info("A visitor of widget {} asked for a transcript, but no mailbox is connected", widget.id());
			return false;
		}
		Map<String, Object> settings = mailbox.settings();
		try {
			Session session = Session.getInstance(EmailProvider.smtpProperties(settings));
			MimeMessage mail = new MimeMessage(session);
			String address = (String) settings.get("address");
			mail.setFrom(new InternetAddress(address, widget.name(), StandardCharsets.UTF_8.name()));
			mail.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(email));
			mail.setSubject(this.texts.getMessage("webchat.transcript.subject", new Object[] { widget.name() }, language),
					StandardCharsets.UTF_8.name());
			mail.setHeader("Auto-Submitted", "auto-generated");
			mail.setSentDate(new Date());
			mail.setText(body(widget, conversationId, language), StandardCharsets.UTF_8.name());
			mail.saveChanges();
			try (Transport transport = session.getTransport()) {
				transport.connect((String) settings.get("smtpHost"), ((Number) settings.get("smtpPort")).intValue(),
						(String) settings.get("username"), (String) settings.get("password"));
				transport.sendMessage(mail, mail.getAllRecipients());
			}
			this.customers.recordEvent(conversationId, "The chat transcript was e-mailed to " + email + " at the customer's request.");
			return true;
		}
		catch (MessagingException | UnsupportedEncodingException | RuntimeException ex) {
			log.warn("E-mailing a chat transcript of widget {} failed: {}", widget.id(), ex.toString());
			return false;
		}
	}

	String body(WebchatWidgets.Widget widget, UUID conversationId, Locale language) {
		DateTimeFormatter time = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(language).withZone(this.zone);
		String you = this.texts.getMessage("webchat.transcript.you", null, language);
		StringBuilder body = new StringBuilder(this.texts.getMessage("webchat.transcript.intro",
				new Object[] { widget.name() }, language)).append("\n\n");
		for (CustomerMessage message : this.customers.messages(conversationId, WebchatSocket.HISTORY)) {
			String who = message.fromCustomer() ? you
					: message.agentName() == null ? widget.name() : message.agentName().strip().split("\\s+")[0];
			body.append('[').append(time.format(message.at())).append("] ").append(who).append(":\n");
			if (message.text() != null && !message.text().isBlank()) {
				body.append(message.text().strip()).append('\n');
			}
			message.files().forEach(file -> body.append("  (").append(file.name()).append(")\n"));
			body.append('\n');
		}
		return body.toString();
	}

}
