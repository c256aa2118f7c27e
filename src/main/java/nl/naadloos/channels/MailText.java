package nl.naadloos.channels;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeUtility;
import org.jspecify.annotations.Nullable;

/**
 * Text from the bytes and headers of a mail the way mail clients read it, however wrongly it was declared:
 * the charset to decode with (ISO-8859-1 as its superset windows-1252, undeclared 8-bit text as UTF-8 when
 * valid, else windows-1252, an unknown one never stopping the mail), RFC 2047 encoded-words and raw 8-bit
 * bytes in headers, lenient base64 and quoted-printable, and format=flowed text joined.
 */
final class MailText {

	private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F]");

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	/** An RFC 2047 encoded-word: =?charset?B|Q?text?= (a language after "*" is allowed and ignored). */
	private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

	private static final Pattern META_CHARSET = Pattern
		.compile("(?i)<meta[^>]{0,200}?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:-]{1,40})");

	private MailText() {
	}

	/**
	 * Text from bytes as mail clients read it: ISO-8859-1 (and US-ASCII) declared means windows-1252 (its
	 * superset, which is what is really sent: curly quotes, €); no or an unknown declaration, or UTF-8 that
	 * is not valid, means UTF-8 when valid, else windows-1252.
	 */
	static String decode(byte[] bytes, @Nullable String declared) {
		Charset charset = charset(declared);
		String text;
		if (charset == null || charset.equals(StandardCharsets.US_ASCII) || charset.equals(StandardCharsets.UTF_8)) {
			String utf8 = strictUtf8(bytes);
			text = utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
		}
		else if (charset.equals(StandardCharsets.ISO_8859_1)) {
			text = new String(bytes, WINDOWS_1252);
		}
		else {
			text = new String(bytes, charset);
		}
		return text.startsWith("\uFEFF") ? text.substring(1) : text;
	}

	private static @Nullable Charset charset(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return null;
		}
		String cleaned = name.strip().replaceAll("^[\"']|[\"']$", "");
		int language = cleaned.indexOf('*');
		if (language > 0) {
			cleaned = cleaned.substring(0, language);
		}
		for (String candidate : List.of(cleaned, MimeUtility.javaCharset(cleaned))) {
			try {
				return Charset.forName(candidate);
			}
			catch (IllegalArgumentException unknown) {
				// Next candidate; none at all means "not declared".
			}
		}
		return null;
	}

	private static @Nullable String strictUtf8(byte[] bytes) {
		try {
			CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return chars.toString();
		}
		catch (CharacterCodingException notUtf8) {
			return null;
		}
	}

	/** The charset an HTML document declares in a {@code <meta>} tag near its start, if any. */
	static @Nullable String metaCharset(byte[] html) {
		Matcher meta = META_CHARSET.matcher(new String(html, 0, Math.min(html.length, 4096), StandardCharsets.ISO_8859_1));
		return meta.find() ? meta.group(1) : null;
	}

	/**
	 * A header value as people read it: unfolded; raw 8-bit bytes (which Jakarta Mail reads as ISO-8859-1)
	 * decoded as UTF-8 when valid, else windows-1252; RFC 2047 encoded-words decoded, adjacent ones with the
	 * same charset joined first (clients split a character over two words), in any charset Java knows and
	 * leniently otherwise; and C1 control characters (windows-1252 declared as ISO-8859-1) repaired.
	 */
	static String decodeHeader(String raw) {
		String value = unfold(raw);
		boolean eightBit = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c > 0xFF) {
				eightBit = false;
				break;
			}
			eightBit |= c >= 0x80;
		}
		if (eightBit) {
			value = decode(value.getBytes(StandardCharsets.ISO_8859_1), null);
		}
		// Control characters (NUL above all, which PostgreSQL refuses) never belong in a subject or name.
		return CONTROL.matcher(repairC1(decodeWords(value)).replace('\t', ' ')).replaceAll("").strip();
	}

	private static String decodeWords(String value) {
		Matcher word = ENCODED_WORD.matcher(value);
		StringBuilder out = new StringBuilder();
		ByteArrayOutputStream pending = new ByteArrayOutputStream();
		String pendingCharset = null;
		int last = 0;
		while (word.find()) {
			String between = value.substring(last, word.start());
			String charset = word.group(1);
			if (pendingCharset == null || !between.isBlank() || !pendingCharset.equalsIgnoreCase(charset)) {
				if (pendingCharset != null) {
					out.append(decode(pending.toByteArray(), pendingCharset));
					pending.reset();
				}
				// Whitespace between two encoded-words is not part of the text (RFC 2047 §6.2).
				if (pendingCharset == null || !between.isBlank()) {
					out.append(between);
				}
			}
			byte[] bytes = word.group(2).equalsIgnoreCase("B") ? base64(word.group(3).getBytes(StandardCharsets.US_ASCII))
					: quotedPrintable(word.group(3).replace('_', ' ').getBytes(StandardCharsets.ISO_8859_1));
			pending.writeBytes(bytes);
			pendingCharset = charset;
			last = word.end();
		}
		if (pendingCharset != null) {
			out.append(decode(pending.toByteArray(), pendingCharset));
		}
		return out.append(value.substring(last)).toString();
	}

	/** Unfolds a header: a line break followed by whitespace is that whitespace (RFC 5322 §2.2.3). */
	static String unfold(String value) {
		return value.replaceAll("\r?\n(?=[ \t])", "").replaceAll("[\r\n]", "");
	}

	/** Characters U+0080–U+009F only appear when windows-1252 was read as ISO-8859-1: read it right. */
	private static String repairC1(String value) {
		StringBuilder out = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 0x80 && c <= 0x9F) {
				if (out == null) {
					out = new StringBuilder(value.substring(0, i));
				}
				out.append(new String(new byte[] { (byte) c }, WINDOWS_1252));
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return out == null ? value : out.toString();
	}

	static byte[] base64(byte[] raw) {
		ByteArrayOutputStream alphabet = new ByteArrayOutputStream(raw.length);
		for (byte b : raw) {
			if (b == '=') {
				break;
			}
			if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/') {
				alphabet.write(b);
			}
		}
		byte[] clean = alphabet.toByteArray();
		int usable = clean.length % 4 == 1 ? clean.length - 1 : clean.length;
		return Base64.getDecoder().decode(java.util.Arrays.copyOf(clean, usable));
	}

	static byte[] quotedPrintable(byte[] raw) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
		for (int i = 0; i < raw.length; i++) {
			byte b = raw[i];
			if (b != '=') {
				out.write(b);
			}
			else if (i + 1 < raw.length && raw[i + 1] == '\n') {
				i += 1; // soft line break
			}
			else if (i + 2 < raw.length && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
				i += 2;
			}
			else if (i + 2 < raw.length && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
				out.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
				i += 2;
			}
			else {
				out.write(b); // not an escape after all: kept as written
			}
		}
		return out.toByteArray();
	}

	/**
	 * Joins the soft line breaks of format=flowed text (RFC 3676, as Thunderbird and Apple Mail send it): a
	 * line ending in a space continues on the next line of the same quote depth; space-stuffing is undone.
	 */
	static String unflow(String text, boolean delSp) {
		String[] lines = text.replace("\r\n", "\n").split("\n", -1);
		StringBuilder out = new StringBuilder();
		int openDepth = -1;
		for (String raw : lines) {
			int depth = 0;
			while (depth < raw.length() && raw.charAt(depth) == '>') {
				depth++;
			}
			String line = raw.substring(depth);
			if (line.startsWith(" ")) {
				line = line.substring(1);
			}
			boolean continues = openDepth == depth;
			if (openDepth >= 0 && !continues) {
				out.append('\n');
			}
			if (!continues && depth > 0) {
				out.append(">".repeat(depth)).append(' ');
			}
			boolean soft = line.endsWith(" ") && !line.equals("-- ");
			out.append(soft && delSp ? line.substring(0, line.length() - 1) : line);
			openDepth = soft ? depth : -1;
			if (!soft) {
				out.append('\n');
			}
		}
		return out.toString().replaceAll("\n$", "");
	}

}
