package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

/**
 * Mail no person wrote: addresses no one reads, the signs of an auto-reply, mailing list or read receipt,
 * and what a delivery report (a bounce) says. Such mail never reopens work or gets an answer.
 */
final class AutomatedMail {

	/** Addresses no person reads: never acknowledged. */
	private static final Pattern MACHINE_SENDER = Pattern
		.compile("^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounce[s]?)[@+.-]", Pattern.CASE_INSENSITIVE);

	/** Mail servers reporting on delivery: what they send is always automatic. */
	private static final Pattern DAEMON_SENDER = Pattern.compile("^(mailer-daemon|postmaster)@",
			Pattern.CASE_INSENSITIVE);

	private static final List<String> AUTOMATIC_SUBJECTS = List.of("automatic reply:", "auto-reply:", "autoreply:",
			"out of office", "automatisch antwoord:", "afwezig:", "afwezigheidsbericht", "undeliverable:",
			"delivery status notification", "onbestelbaar:", "niet bezorgd:", "undelivered mail returned to sender");

	private static final Pattern ORIGINAL_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^<>\\s]+>)");

	private static final Pattern FINAL_RECIPIENT = Pattern.compile("(?im)^Final-Recipient:\\s*[^;]*;\\s*(\\S+@\\S+)");

	private static final Pattern DIAGNOSTIC = Pattern.compile("(?im)^Diagnostic-Code:\\s*[^;]*;\\s*(.+)$");

	private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*([245]\\.\\d{1,3}\\.\\d{1,3})");

	private AutomatedMail() {
	}

	/** Whether no person reads this address (a mailer-daemon, postmaster, no-reply or bounce address). */
	static boolean isMachineAddress(String address) {
		return MACHINE_SENDER.matcher(address).find();
	}

	/**
	 * Whether a machine sent it (RFC 3834 {@code Auto-Submitted}, the usual auto-reply and mailing-list
	 * headers, Exchange's {@code X-Auto-Response-Suppress: All}, read receipts, mail servers' own reports,
	 * out-of-office subjects in English and Dutch): such mail never reopens work or gets an answer.
	 */
	static boolean automated(MimeMessage mail, @Nullable String subject) throws MessagingException {
		String submitted = mail.getHeader("Auto-Submitted", ",");
		if (submitted != null && !submitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
			return true;
		}
		String precedence = mail.getHeader("Precedence", ",");
		if (precedence != null && List.of("bulk", "junk", "list", "auto_reply")
			.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
			return true;
		}
		for (String header : List.of("X-Autoreply", "X-Autorespond", "X-Loop", "List-Unsubscribe", "List-Id")) {
			if (mail.getHeader(header) != null) {
				return true;
			}
		}
		String suppress = mail.getHeader("X-Auto-Response-Suppress", ",");
		if (suppress != null && suppress.strip().equalsIgnoreCase("All")) {
			return true;
		}
		String type = mail.getHeader("Content-Type", ";");
		if (type != null && type.toLowerCase(Locale.ROOT).replace(" ", "").contains("report-type=disposition-notification")) {
			return true;
		}
		String from = mail.getHeader("From", ",");
		Matcher address = from == null ? null : Pattern.compile("[^\\s<>\"',;:]+@[^\\s<>\"',;]+").matcher(from);
		if (address != null && address.find() && DAEMON_SENDER.matcher(address.group()).find()) {
			return true;
		}
		String lower = subject == null ? "" : subject.strip().toLowerCase(Locale.ROOT);
		return AUTOMATIC_SUBJECTS.stream().anyMatch(lower::startsWith);
	}

	/** What a delivery report (RFC 3464) says: whose mail bounced, to whom, and why. */
	static @Nullable Bounce bounce(MimeMessage mail) throws MessagingException, IOException {
		if (!(MailParts.content(mail) instanceof Multipart report)) {
			return null;
		}
		StringBuilder status = new StringBuilder();
		StringBuilder original = new StringBuilder();
		for (int i = 0; i < report.getCount(); i++) {
			BodyPart part = report.getBodyPart(i);
			if (MailParts.isType(part, "message/delivery-status")
					|| MailParts.isType(part, "message/global-delivery-status")) {
				status.append(read(part));
			}
			else if (MailParts.isType(part, "message/rfc822") || MailParts.isType(part, "text/rfc822-headers")
					|| MailParts.isType(part, "message/global-headers")) {
				original.append(read(part));
			}
		}
		if (status.isEmpty()) {
			return null;
		}
		// Continuation lines of the diagnostic (long Exchange and Gmail texts) belong to it.
		String statusText = status.toString().replaceAll("\r?\n[ \t]+", " ");
		Matcher id = ORIGINAL_ID.matcher(original);
		Matcher recipient = FINAL_RECIPIENT.matcher(statusText);
		Matcher diagnostic = DIAGNOSTIC.matcher(statusText);
		Matcher code = STATUS.matcher(statusText);
		String reason = "Bounced" + (recipient.find() ? " for " + recipient.group(1).strip() : "")
				+ (diagnostic.find() ? ": " + diagnostic.group(1).strip() : code.find() ? ": status " + code.group(1) : "");
		recipient.reset();
		return new Bounce(id.find() ? id.group(1) : null, recipient.find() ? recipient.group(1).strip() : null, reason);
	}

	private static String read(Part part) throws MessagingException, IOException {
		try (InputStream in = part.getInputStream()) {
			return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
		}
	}

	/** Whose mail bounced (its Message-ID), for which recipient, and the reason to show. */
	record Bounce(@Nullable String originalMessageId, @Nullable String recipient, String reason) {
	}

}
