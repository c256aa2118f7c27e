package nl.naadloos.contacts;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import nl.naadloos.platform.InvalidRequest;

/**
 * Normalises addresses so that one address is stored (and found) in one form only, whatever form a
 * channel or a person wrote it in. Every method refuses garbage with {@link InvalidRequest}.
 */
public final class Addresses {

	/** Longest e-mail address SMTP can carry (RFC 5321: 256 octets of path minus the angle brackets). */
	static final int MAX_EMAIL = 254;

	static final int MAX_PROVIDER_ID = 255;

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	/** What a phone number may consist of: digits, a leading plus, and the usual separators. */
	private static final Pattern PHONE_CHARACTERS = Pattern.compile("\\+?[0-9 ()./\\-\u00a0]{2,40}");

	private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	/** Characters that cannot appear unquoted in the local part of an address (RFC 5322 specials). */
	private static final String LOCAL_PART_SPECIALS = "()<>[]:;@\\,\"";

	private Addresses() {
	}

	/**
	 * The stored form of an e-mail address: trimmed, lower-cased, with an internationalised domain in
	 * ASCII ({@code Jan@Bücher.de} becomes {@code jan@xn--bcher-kva.de}).
	 */
	public static String email(String raw) {
		String trimmed = raw.strip();
		int at = trimmed.indexOf('@');
		if (at <= 0 || at != trimmed.lastIndexOf('@') || at == trimmed.length() - 1) {
			throw invalidEmail(raw);
		}
		String local = trimmed.substring(0, at).toLowerCase(Locale.ROOT);
		if (local.length() > 64 || local.startsWith(".") || local.endsWith(".") || local.contains("..")
				|| local.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
						|| Character.isSpaceChar(c) || LOCAL_PART_SPECIALS.indexOf(c) >= 0)) {
			throw invalidEmail(raw);
		}
		String domain = asciiDomain(trimmed.substring(at + 1)).orElseThrow(() -> invalidEmail(raw));
		String email = local + "@" + domain;
		if (email.length() > MAX_EMAIL) {
			throw invalidEmail(raw);
		}
		return email;
	}

	/**
	 * A phone number in E.164 ({@code +31612345678}). Numbers without a country code are read as numbers
	 * of {@code defaultRegion}; {@code 00} and the other international prefixes of that region are
	 * understood.
	 * @param defaultRegion an ISO 3166 region code such as {@code NL}
	 */
	public static String phone(String raw, String defaultRegion) {
		String trimmed = raw.strip();
		if (!PHONE_CHARACTERS.matcher(trimmed).matches()) {
			throw invalidPhone(raw);
		}
		try {
			PhoneNumber number = PHONES.parse(trimmed, defaultRegion);
			if (!PHONES.isValidNumber(number)) {
				throw invalidPhone(raw);
			}
			return PHONES.format(number, PhoneNumberFormat.E164);
		}
		catch (NumberParseException ex) {
			throw invalidPhone(raw);
		}
	}

	/**
	 * A phone number as a channel sent it. WhatsApp sends its ids as the digits of the E.164 number
	 * without the plus ({@code 31612345678}); they are numbers in international format, not local ones.
	 */
	public static String phoneOnChannel(String channel, String raw, String defaultRegion) {
		String trimmed = raw.strip();
		if ("whatsapp".equalsIgnoreCase(channel) && !trimmed.isEmpty()
				&& trimmed.chars().allMatch(c -> c >= '0' && c <= '9') && !trimmed.startsWith("0")) {
			return phone("+" + trimmed, defaultRegion);
		}
		return phone(trimmed, defaultRegion);
	}

	/** The phone number if it is one, for places where a non-number is not an error (search). */
	public static Optional<String> phoneIfValid(String raw, String defaultRegion) {
		try {
			return Optional.of(phone(raw, defaultRegion));
		}
		catch (InvalidRequest notAPhoneNumber) {
			return Optional.empty();
		}
	}

	/** An E.164 number as people read it: {@code +31 6 12345678}. */
	public static String internationalFormat(String e164) {
		try {
			return PHONES.format(PHONES.parse(e164, "ZZ"), PhoneNumberFormat.INTERNATIONAL);
		}
		catch (NumberParseException ex) {
			throw invalidPhone(e164);
		}
	}

	/**
	 * A provider id (web visitor id, Messenger PSID, Telegram chat id, ...) as stored: trimmed, otherwise
	 * exactly as given, since such ids are case-sensitive.
	 */
	public static String providerId(String raw) {
		String trimmed = raw.strip();
		if (trimmed.isEmpty() || trimmed.length() > MAX_PROVIDER_ID
				|| trimmed.codePoints().anyMatch(Character::isISOControl)) {
			throw new InvalidRequest("A provider id must be 1 to " + MAX_PROVIDER_ID
					+ " characters without control characters.");
		}
		return trimmed;
	}

	/** Whether a region code is one libphonenumber knows, such as {@code NL} or {@code BE}. */
	public static boolean isSupportedRegion(String region) {
		return supportedRegions().contains(region);
	}

	static Set<String> supportedRegions() {
		return PHONES.getSupportedRegions();
	}

	private static Optional<String> asciiDomain(String domain) {
		if (domain.isEmpty() || domain.endsWith(".") || domain.codePoints().anyMatch(Character::isWhitespace)) {
			return Optional.empty();
		}
		String ascii;
		try {
			ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (ascii.length() > 253) {
			return Optional.empty();
		}
		for (String label : ascii.split("\\.", -1)) {
			if (!DOMAIN_LABEL.matcher(label).matches()) {
				return Optional.empty();
			}
		}
		return Optional.of(ascii);
	}

	private static InvalidRequest invalidEmail(String raw) {
		return new InvalidRequest("'" + shorten(raw) + "' is not a valid e-mail address.");
	}

	private static InvalidRequest invalidPhone(String raw) {
		return new InvalidRequest("'" + shorten(raw) + "' is not a valid phone number.");
	}

	private static String shorten(String raw) {
		String printable = raw.strip().replaceAll("\\p{Cntrl}", "?");
		return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
	}

}
