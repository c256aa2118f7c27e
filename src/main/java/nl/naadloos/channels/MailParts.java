package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import org.jspecify.annotations.Nullable;

/**
 * What a MIME part says about itself, read leniently: its type, charset, format=flowed, disposition, file
 * name, Content-ID and decoded headers, and its content with the transfer encoding undone, so that a broken
 * header or encoding costs that detail and never the mail.
 */
final class MailParts {

	private static final Pattern CHARSET_PARAMETER = Pattern
		.compile("(?i);\\s*charset\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;]+))");

	/** At most this much of one text or HTML body is read (encoded); the rest stays in the original. */
	private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

	private MailParts() {
	}

	/** A header's value decoded: see {@link MailText#decodeHeader(String)}. */
	static @Nullable String header(Part part, String name) throws MessagingException {
		String[] values = part.getHeader(name);
		return values == null || values.length == 0 ? null : MailText.decodeHeader(values[0]);
	}

	/** The media type without parameters, lower case; text/plain when missing, as RFC 2045 says. */
	static String baseType(Part part) throws MessagingException {
		String[] types = part.getHeader("Content-Type");
		if (types == null || types.length == 0 || types[0].isBlank()) {
			return "text/plain";
		}
		String type = MailText.unfold(types[0]).split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return type.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+") ? type : "application/octet-stream";
	}

	static boolean isType(Part part, String type) throws MessagingException {
		return baseType(part).equals(type);
	}

	static @Nullable String charset(Part part) throws MessagingException {
		String[] types = part.getHeader("Content-Type");
		if (types == null || types.length == 0) {
			return null;
		}
		Matcher charset = CHARSET_PARAMETER.matcher(MailText.unfold(types[0]));
		if (!charset.find()) {
			return null;
		}
		String name = (charset.group(1) != null ? charset.group(1) : charset.group(2)).strip();
		return name.isEmpty() ? null : name;
	}

	static boolean isFlowed(Part part) throws MessagingException {
		String[] types = part.getHeader("Content-Type");
		return types != null && types.length > 0
				&& MailText.unfold(types[0]).toLowerCase(Locale.ROOT).matches("(?s).*;\\s*format\\s*=\\s*\"?flowed\"?.*");
	}

	static boolean isDelSp(Part part) throws MessagingException {
		String[] types = part.getHeader("Content-Type");
		return types != null && types.length > 0
				&& MailText.unfold(types[0]).toLowerCase(Locale.ROOT).matches("(?s).*;\\s*delsp\\s*=\\s*\"?yes\"?.*");
	}

	static @Nullable String disposition(Part part) {
		try {
			return part.getDisposition();
		}
		catch (MessagingException unparsable) {
			return null;
		}
	}

	/**
	 * The file name: RFC 2231 ({@code filename*=UTF-8''…}, continuations) is decoded by Jakarta Mail
	 * ({@code mail.mime.decodeparameters} is on by default in Angus Mail 2), RFC 2047 encoded-words in a
	 * quoted name (as Gmail and Outlook send them) are not ({@code mail.mime.decodefilename} is off, and a
	 * system property read once per JVM): decoded here, with raw 8-bit names as headers are.
	 */
	static @Nullable String fileName(Part part) {
		String name;
		try {
			name = part.getFileName();
		}
		catch (MessagingException unparsable) {
			return null;
		}
		if (name == null || name.isBlank()) {
			return null;
		}
		return MailText.decodeHeader(name);
	}

	static @Nullable String contentId(Part part) throws MessagingException {
		String[] ids = part.getHeader("Content-ID");
		if (ids == null || ids.length == 0 || ids[0].isBlank()) {
			return null;
		}
		String id = MailText.unfold(ids[0]).strip().replaceAll("^<|>$", "").replaceAll("[\\x00-\\x1F\\x7F]", "").strip();
		return id.isEmpty() || id.length() > 998 ? null : id;
	}

	static @Nullable Multipart multipart(Part part) {
		try {
			Object content = content(part);
			if (content instanceof MimeMultipart multipart) {
				multipart.getCount(); // parses it now, so a broken one fails here
				return multipart;
			}
			return null;
		}
		catch (MessagingException | IOException broken) {
			return null;
		}
	}

	static Object content(Part part) throws MessagingException, IOException {
		return part.getContent();
	}

	/** The content with its transfer encoding undone, streamed; an unknown encoding is read as it is. */
	static InputStream decoded(Part part) throws MessagingException, IOException {
		String encoding = part instanceof MimePart mime ? mime.getEncoding() : null;
		if (encoding == null || List.of("base64", "quoted-printable", "7bit", "8bit", "binary", "uuencode", "x-uuencode",
				"x-uue").contains(encoding.toLowerCase(Locale.ROOT))) {
			return part.getInputStream();
		}
		return raw(part);
	}

	static InputStream raw(Part part) throws MessagingException, IOException {
		if (part instanceof MimeBodyPart body) {
			return body.getRawInputStream();
		}
		if (part instanceof MimeMessage message) {
			return message.getRawInputStream();
		}
		return part.getInputStream();
	}

	/**
	 * The bytes of a text body (at most {@link #MAX_BODY_BYTES} of it), transfer encoding undone leniently:
	 * a broken quoted-printable sequence or stray base64 character costs that character, not the mail.
	 */
	static byte[] bytes(Part part) throws MessagingException, IOException {
		byte[] raw;
		try (InputStream in = raw(part)) {
			raw = in.readNBytes(MAX_BODY_BYTES);
		}
		String encoding = part instanceof MimePart mime && mime.getEncoding() != null
				? mime.getEncoding().toLowerCase(Locale.ROOT) : "";
		return switch (encoding) {
			case "base64" -> MailText.base64(raw);
			case "quoted-printable" -> MailText.quotedPrintable(raw);
			default -> raw;
		};
	}

}
