package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import nl.naadloos.conversations.OutboundDelivery;
import nl.naadloos.conversations.OutboundDelivery.OutboundMessage;
import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.Channel;

/**
 * Sends replies from a mailbox over SMTP: multipart text and HTML, our own {@code Message-ID} (stored as the
 * provider id, so the customer's answer threads back through {@code In-Reply-To}), {@code In-Reply-To} and
 * {@code References} to the customer's mail, {@code Reply-To} the mailbox, and {@code [#number]} in the
 * subject. The mailbox's signature closes it, the customer's mail is quoted below (unless the mailbox turns
 * that off), and the agent's files go along as attachments, read from the blob store as the mail is sent.
 */
@Component
class EmailProvider implements ChannelProvider {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Pattern REPLY_PREFIX = Pattern.compile("^((re|antw|aw|fw|fwd|doorst)\\s*:\\s*)+",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern NUMBER_TOKEN = Pattern.compile("\\s*\\[#\\d+\\]");

	private final MessageSource texts;

	private final BlobStore blobs;

	private final ZoneId zone;

	EmailProvider(MessageSource texts, BlobStore blobs, @Value("${naadloos.time-zone:Europe/Amsterdam}") ZoneId zone) {
		this.texts = texts;
		this.blobs = blobs;
		this.zone = zone;
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
			Locale language = Locale.forLanguageTag((String) settings.getOrDefault("acknowledgeLanguage", "en"));
			mail.setSubject(subject(message, this.texts.getMessage("email.subject.none", null, language)),
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
			mail.setContent(body(message, settings, language, recipientAddress));
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

	/**
	 * Text and HTML of the reply, the mailbox's signature below it, the customer's mail quoted under that
	 * (when the mailbox quotes history), and the agent's files next to it.
	 */
	private MimeMultipart body(OutboundMessage message, Map<String, Object> settings, Locale language,
			String recipientAddress) throws MessagingException {
		String signature = signature(message, settings);
		StringBuilder text = new StringBuilder(message.text().replace("\r\n", "\n"));
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body><div style=\"font-family:sans-serif;font-size:14px\">")
			.append(lines(message.text()))
			.append("</div>");
		if (!signature.isEmpty()) {
			text.append("\n\n-- \n").append(signature).append('\n');
			html.append("<p style=\"color:#555;font-family:sans-serif;font-size:13px\">").append(lines(signature)).append("</p>");
		}
		OutboundDelivery.Quoted quoted = message.quoted();
		if (quoted != null && !message.automatic() && !Boolean.FALSE.equals(settings.get("quoteHistory"))) {
			String header = this.texts.getMessage("email.quote.header", new Object[] {
					DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
						.withLocale(language)
						.format(quoted.sentAt().atZone(this.zone)),
					quoted.senderName().isBlank() ? recipientAddress : quoted.senderName() + " <" + recipientAddress + ">" },
					language);
			text.append('\n').append(header).append('\n');
			quoted.text().replace("\r\n", "\n").lines().forEach(line -> text.append(line.isEmpty() ? ">" : "> " + line).append('\n'));
			html.append("<p style=\"font-family:sans-serif;font-size:13px;color:#555\">")
				.append(HtmlUtils.htmlEscape(header))
				.append("</p><blockquote style=\"margin:0 0 0 .8ex;border-left:2px solid #ccc;padding-left:1ex;font-family:sans-serif;font-size:13px\">")
				.append(lines(quoted.text()))
				.append("</blockquote>");
		}
		html.append("</body></html>");
		MimeBodyPart plain = new MimeBodyPart();
		plain.setText(text.toString(), StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart rich = new MimeBodyPart();
		rich.setText(html.toString(), StandardCharsets.UTF_8.name(), "html");
		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(plain);
		alternative.addBodyPart(rich);
		if (message.files().isEmpty()) {
			return alternative;
		}
		MimeMultipart mixed = new MimeMultipart("mixed");
		MimeBodyPart bodies = new MimeBodyPart();
		bodies.setContent(alternative);
		mixed.addBodyPart(bodies);
		for (OutboundDelivery.OutboundFile file : message.files()) {
			MimeBodyPart part = new MimeBodyPart();
			// Read from the blob store while the mail is written out, never whole in memory.
			part.setDataHandler(new DataHandler(new BlobDataSource(this.blobs, file)));
			// Non-ASCII names are written as RFC 2231 parameters (mail.mime.encodeparameters, on by default).
			part.setFileName(file.fileName().replaceAll("[\\x00-\\x1F\\x7F]", ""));
			part.setDisposition(Part.ATTACHMENT);
			// Base64 always: a file that happens to be ASCII would otherwise go as 7bit text and have its line ends changed.
			part.setHeader("Content-Transfer-Encoding", "base64");
			mixed.addBodyPart(part);
		}
		return mixed;
	}

	/** The mailbox's signature with the agent's and the mailbox's names filled in. */
	static String signature(OutboundMessage message, Map<String, Object> settings) {
		String mailbox = displayName(settings) == null ? (String) settings.get("address") : displayName(settings);
		String template = settings.get("signature") instanceof String s ? s : EmailChannelSettings.DEFAULT_SIGNATURE;
		String agent = message.automatic() ? "" : message.agentName();
		return template.replace("{agent}", agent).replace("{mailbox}", mailbox).replace("\r\n", "\n").strip()
			.replaceAll("\n{3,}", "\n\n");
	}

	private static String lines(String text) {
		return HtmlUtils.htmlEscape(text).replace("\r\n", "\n").replace("\n", "<br>");
	}

	/** A file of the blob store as the mail library reads it: opened anew each time it is written. */
	private record BlobDataSource(BlobStore blobs, OutboundDelivery.OutboundFile file) implements DataSource {

		@Override
		public InputStream getInputStream() {
			return this.blobs.open(this.file.sha256());
		}

		@Override
		public OutputStream getOutputStream() throws IOException {
			throw new IOException("A stored file is read only.");
		}

		@Override
		public String getContentType() {
			return this.file.contentType();
		}

		@Override
		public String getName() {
			return this.file.fileName();
		}

	}

	private static @Nullable String displayName(Map<String, Object> settings) {
		return (String) settings.get("displayName");
	}

}
