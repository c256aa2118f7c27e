package nl.naadloos.contacts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** The type of a custom attribute of a contact, which decides what values it accepts. */
enum AttributeType {

	/** Any text. */
	TEXT,
	/** A decimal number, stored without trailing zeros ({@code 1.50} becomes {@code 1.5}). */
	NUMBER,
	/** A calendar date in ISO-8601 ({@code 2026-03-31}). */
	DATE,
	/** One of the options given with the attribute. */
	CHOICE;

	static final int MAX_TEXT = 1000;

	String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static AttributeType fromKey(String key) {
		return valueOf(key.strip().toUpperCase(Locale.ROOT));
	}

	/**
	 * Checks a value and returns the form in which it is stored.
	 * @throws ContactProblems.InvalidAttribute when the value does not fit the type
	 */
	String normalise(String attribute, String value, List<String> options) {
		String trimmed = value.strip();
		return switch (this) {
			case TEXT -> {
				if (value.length() > MAX_TEXT) {
					throw new ContactProblems.InvalidAttribute(attribute,
							"is longer than " + MAX_TEXT + " characters");
				}
				yield value;
			}
			case NUMBER -> {
				BigDecimal number = parseNumber(trimmed);
				if (number == null) {
					throw new ContactProblems.InvalidAttribute(attribute, "must be a number, such as 42 or 12.50");
				}
				yield number.toPlainString();
			}
			case DATE -> {
				try {
					yield LocalDate.parse(trimmed).toString();
				}
				catch (DateTimeParseException ex) {
					throw new ContactProblems.InvalidAttribute(attribute, "must be a date as yyyy-mm-dd");
				}
			}
			case CHOICE -> {
				if (options.isEmpty()) {
					throw new ContactProblems.InvalidAttribute(attribute, "is a choice and needs its options");
				}
				if (!options.contains(trimmed)) {
					throw new ContactProblems.InvalidAttribute(attribute, "must be one of " + options);
				}
				yield trimmed;
			}
		};
	}

	/** A number of at most 30 digits before and 20 after the decimal point, so it stays readable. */
	private static @Nullable BigDecimal parseNumber(String text) {
		if (text.length() > 60) {
			return null;
		}
		try {
			BigDecimal number = new BigDecimal(text).stripTrailingZeros();
			return number.precision() - number.scale() > 30 || number.scale() > 20 ? null : number;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
