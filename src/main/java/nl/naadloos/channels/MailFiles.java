package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import nl.naadloos.conversations.InboundAttachment;
import nl.naadloos.platform.BlobStore;

/**
 * The files of a mail: parts copied into the blob store as they are read (streamed, never whole in memory),
 * refused when larger than the mailbox allows, named when the sender gave no name, and typed by what their
 * first bytes say when that matters (a file shown inline must be what it claims to be).
 */
final class MailFiles {

	/** Types a browser shows inline: a file declared as one of these must really be one. */
	private static final Set<String> SHOWN_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
			"application/pdf");

	private final BlobStore blobs;

	private final DataSize maxSize;

	MailFiles(BlobStore blobs, DataSize maxSize) {
		this.blobs = blobs;
		this.maxSize = maxSize;
	}

	/** Copies a file part into the blob store (streamed), or notes that it was refused. */
	void store(Part part, String declaredType, MailReading reading) throws MessagingException, IOException {
		String given = MailParts.fileName(part);
		String name = ApiChannelParser.fileName(given == null ? "attachment" + extension(declaredType) : given);
		BlobStore.Stored stored;
		try (InputStream content = MailParts.decoded(part)) {
			stored = this.blobs.put(content, this.maxSize.toBytes());
		}
		catch (BlobStore.TooLarge tooLarge) {
			reading.refused(name, this.maxSize);
			return;
		}
		byte[] head;
		try (InputStream start = this.blobs.open(stored.sha256())) {
			head = start.readNBytes(16);
		}
		reading.files.add(new Found(name, contentType(declaredType, head), stored.size(), stored.sha256(),
				MailParts.contentId(part)));
	}

	/**
	 * Copies a mail forwarded as an attachment (message/rfc822) into the blob store as its .eml, or notes
	 * that it was refused: the stored copy, null when refused.
	 */
	BlobStore.@Nullable Stored storeMessage(Part part, @Nullable String given, MailReading reading)
			throws MessagingException, IOException {
		// Jakarta Mail leaves an encoded message/rfc822 encoded (mail.mime.allowencodedmessages); some send one.
		String encoding = part instanceof MimePart mime && mime.getEncoding() != null
				? mime.getEncoding().toLowerCase(Locale.ROOT) : "";
		try (InputStream content = encoding.equals("base64") || encoding.equals("quoted-printable")
				? MimeUtility.decode(MailParts.raw(part), encoding) : part.getInputStream()) {
			return this.blobs.put(content, this.maxSize.toBytes());
		}
		catch (BlobStore.TooLarge tooLarge) {
			reading.refused(given == null ? "forwarded message.eml" : given, this.maxSize);
			return null;
		}
	}

	/** The files as attachments, the images the HTML shows in place (its {@code cid:} references) marked inline. */
	static List<InboundAttachment> inlineMarked(List<Found> files, @Nullable String html) {
		Set<String> referenced = MailHtml.cidReferences(html);
		return files.stream()
			.map(f -> new InboundAttachment(f.name(), f.type(), f.size(), f.sha256(), f.contentId(),
					f.contentId() != null && f.type().startsWith("image/") && referenced.contains(f.contentId())))
			.toList();
	}

	/** A file of the mail as stored: its name, its type (as sniffed), size, blob and Content-ID. */
	record Found(String name, String type, long size, String sha256, @Nullable String contentId) {
	}

	/**
	 * What the file really is when its first bytes say so: a declared PDF or image that is not one (an
	 * executable named "invoice.pdf") must not be shown as one, and executables are always called so.
	 */
	static String contentType(String declared, byte[] head) {
		String sniffed = sniff(head);
		if (sniffed != null && (sniffed.startsWith("application/x-ms") || sniffed.equals("application/x-executable"))) {
			return sniffed;
		}
		if (SHOWN_TYPES.contains(declared) || declared.startsWith("image/") || declared.equals("application/octet-stream")) {
			if (sniffed != null && !sniffed.equals("application/zip")) {
				return sniffed;
			}
			return declared.equals("application/octet-stream") || declared.equals("image/svg+xml") ? declared
					: "application/octet-stream";
		}
		return declared;
	}

	static @Nullable String sniff(byte[] head) {
		if (starts(head, "%PDF-")) {
			return "application/pdf";
		}
		if (head.length >= 8 && (head[0] & 0xFF) == 0x89 && starts(java.util.Arrays.copyOfRange(head, 1, 4), "PNG")) {
			return "image/png";
		}
		if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
			return "image/jpeg";
		}
		if (starts(head, "GIF87a") || starts(head, "GIF89a")) {
			return "image/gif";
		}
		if (head.length >= 12 && starts(head, "RIFF")
				&& new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP")) {
			return "image/webp";
		}
		if (starts(head, "MZ")) {
			return "application/x-msdownload";
		}
		if (head.length >= 4 && head[0] == 0x7F && starts(java.util.Arrays.copyOfRange(head, 1, 4), "ELF")) {
			return "application/x-executable";
		}
		if (starts(head, "PK\u0003\u0004")) {
			return "application/zip";
		}
		return null;
	}

	private static boolean starts(byte[] bytes, String prefix) {
		if (bytes.length < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if ((bytes[i] & 0xFF) != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static String extension(String type) {
		return switch (type) {
			case "image/png" -> ".png";
			case "image/jpeg", "image/jpg", "image/pjpeg" -> ".jpg";
			case "image/gif" -> ".gif";
			case "image/webp" -> ".webp";
			case "application/pdf" -> ".pdf";
			case "text/calendar" -> ".ics";
			case "text/plain" -> ".txt";
			case "text/html" -> ".html";
			case "message/rfc822" -> ".eml";
			default -> "";
		};
	}

}
