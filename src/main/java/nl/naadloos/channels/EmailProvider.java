package nl.naadloos.channels;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import nl.naadloos.conversations.OutboundDelivery.OutboundMessage;
import nl.naadloos.platform.Channel;

/**
 * Sends replies from a mailbox over SMTP: multipart text and HTML, our own {@code Message-ID} (stored as the
 * provider id, so the customer's answer threads back through {@code In-Reply-To}), {@code In-Reply-To} and
 * {@code References} to the customer's mail, {@code Reply-To} the mailbox, and {@code [#number]} in the
 * subject.
 */
@Component
class EmailProvider implements ChannelProvider {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Pattern REPLY_PREFIX = Pattern.compile("^((re|antw|aw|fw|fwd|doorst)\\s*:\\s*)+",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern NUMBER_TOKEN = Pattern.compile("\\s*\\[#\\d+\\]");

	private final MessageSource texts;

	EmailProvider(MessageSource texts) {
		this.texts = texts;
	}

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public Result send(ChannelAccount account, Map<String, Object> settings, OutboundMessage message,
			String recipientAddress) {
		String address = (String) settings.get("address");
		String messageId = "<" + message.messageId() + "@" + address.substring(address.indexOf('@') + 1) + ">";
		try {
			Session session = Session.getInstance(smtpProperties(settings));
			MimeMessage mail = new MimeMessage(session) {
				@Override
				protected void updateMessageID() throws MessagingException {
					setHeader("Message-ID", messageId);
				}
			};
			mail.setFrom(new InternetAddress(address, displayName(settings), StandardCharsets.UTF_8.name()));
			mail.setReplyTo(new InternetAddress[] { new InternetAddress(address) });
			mail.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(recipientAddress));
			mail.setSubject(subject(message, this.texts.getMessage("email.subject.none", null,
					Locale.forLanguageTag((String) settings.getOrDefault("acknowledgeLanguage", "en")))),
					StandardCharsets.UTF_8.name());
			mail.setSentDate(new Date());
			if (message.inReplyToProviderMessageId() != null && message.inReplyToProviderMessageId().startsWith("<")) {
				mail.setHeader("In-Reply-To", message.inReplyToProviderMessageId());
				mail.setHeader("References", message.inReplyToProviderMessageId());
			}
			if (message.automatic()) {
				// RFC 3834: marked as automatic, and asking auto-responders not to answer it.
				mail.setHeader("Auto-Submitted", "auto-replied");
				mail.setHeader("X-Auto-Response-Suppress", "All");
				mail.setHeader("Precedence", "bulk");
			}
			mail.setContent(body(message, settings));
			mail.saveChanges();
			try (Transport transport = session.getTransport()) {
				transport.connect((String) settings.get("smtpHost"), ((Number) settings.get("smtpPort")).intValue(),
						(String) settings.get("username"), (String) settings.get("password"));
				transport.sendMessage(mail, mail.getAllRecipients());
			}
			return Result.sent(messageId);
		}
		catch (SendFailedException ex) {
			return Result.failed("The mail server refused the address " + recipientAddress + ": " + ex.getMessage());
		}
		catch (AuthenticationFailedException ex) {
			return Result.retry("The mail server refused the login of " + settings.get("username")
					+ "; check the mailbox's username and password.");
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			return Result.retry("Sending through " + settings.get("smtpHost") + " failed: " + ex.getMessage());
		}
	}

	/** Logs in to the SMTP server; {@code null} when that works, else what went wrong. */
	@Nullable String check(Map<String, Object> settings) {
		Session session = Session.getInstance(smtpProperties(settings));
		try (Transport transport = session.getTransport()) {
			transport.connect((String) settings.get("smtpHost"), ((Number) settings.get("smtpPort")).intValue(),
					(String) settings.get("username"), (String) settings.get("password"));
			return null;
		}
		catch (MessagingException | RuntimeException ex) {
			return MailboxPoller.inWords(ex);
		}
	}

	static Properties smtpProperties(Map<String, Object> settings) {
		Properties properties = new Properties();
		String security = (String) settings.get("smtpSecurity");
		properties.put("mail.transport.protocol", "tls".equals(security) ? "smtps" : "smtp");
		String prefix = "tls".equals(security) ? "mail.smtps." : "mail.smtp.";
		properties.put(prefix + "auth", "true");
		properties.put(prefix + "connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
		properties.put(prefix + "timeout", String.valueOf(TIMEOUT.toMillis()));
		properties.put(prefix + "writetimeout", String.valueOf(TIMEOUT.toMillis()));
		if ("starttls".equals(security)) {
			properties.put("mail.smtp.starttls.enable", "true");
			properties.put("mail.smtp.starttls.required", "true");
		}
		if (!"none".equals(security)) {
			properties.put(prefix + "ssl.checkserveridentity", "true");
		}
		return properties;
	}

	/**
	 * The conversation's subject without reply prefixes, with its number, so answers find their way back;
	 * {@code none} (in the mailbox's language) when the conversation has no subject.
	 */
	static String subject(OutboundMessage message, String none) {
		String subject = message.subject() == null || message.subject().isBlank() ? none
				: NUMBER_TOKEN.matcher(REPLY_PREFIX.matcher(message.subject().strip()).replaceFirst("")).replaceAll("");
		return "Re: " + subject + " [#" + message.conversationNumber() + "]";
	}

	private static MimeMultipart body(OutboundMessage message, Map<String, Object> settings) throws MessagingException {
		String team = displayName(settings) == null ? (String) settings.get("address") : displayName(settings);
		String signature = message.automatic() ? team : message.agentName() + ", " + team;
		MimeBodyPart text = new MimeBodyPart();
		text.setText(message.text() + "\n\n-- \n" + signature + "\n", StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart html = new MimeBodyPart();
		html.setText("<!DOCTYPE html><html><body><div style=\"font-family:sans-serif;font-size:14px\">"
				+ HtmlUtils.htmlEscape(message.text()).replace("\r\n", "\n").replace("\n", "<br>")
				+ "</div><p style=\"color:#555;font-family:sans-serif;font-size:13px\">" + HtmlUtils.htmlEscape(signature)
				+ "</p></body></html>", StandardCharsets.UTF_8.name(), "html");
		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(text);
		alternative.addBodyPart(html);
		return alternative;
	}

	private static @Nullable String displayName(Map<String, Object> settings) {
		return (String) settings.get("displayName");
	}

}
