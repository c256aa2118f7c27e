package nl.naadloos.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The position after the last row of a page: the values of the sort key of that row, ending with its
 * unique id as tie-breaker. Encoded as URL-safe Base64 so clients treat it as opaque.
 *
 * @param values the sort key values, last one the id
 */
public record Cursor(List<String> values) {

	private static final char SEPARATOR = '\u001f';

	public Cursor {
		values = List.copyOf(values);
	}

	public static Cursor of(Object... values) {
		return new Cursor(java.util.Arrays.stream(values).map(String::valueOf).toList());
	}

	public String encode() {
		String joined = String.join(String.valueOf(SEPARATOR), this.values);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a cursor a client sent back.
	 * @param encoded the cursor, or {@code null} for the first page
	 * @param size how many values a valid cursor for this list has
	 * @return the cursor, or {@code null} for the first page
	 * @throws InvalidRequest when the cursor was not made by this list
	 */
	public static @Nullable Cursor decode(@Nullable String encoded, int size) {
		if (encoded == null || encoded.isBlank()) {
			return null;
		}
		try {
			String joined = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
			List<String> values = List.of(joined.split(String.valueOf(SEPARATOR), -1));
			if (values.size() != size) {
				throw new InvalidRequest("The cursor is not valid for this list; start again without a cursor.");
			}
			return new Cursor(values);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest("The cursor is not valid for this list; start again without a cursor.");
		}
	}

	public String get(int index) {
		return this.values.get(index);
	}

	/** The value at {@code index} as an id; a tampered cursor is a 400, not a 500. */
	public java.util.UUID uuid(int index) {
		try {
			return java.util.UUID.fromString(get(index));
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	public java.time.Instant instant(int index) {
		try {
			return java.time.Instant.parse(get(index));
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw invalid();
		}
	}

	public long longValue(int index) {
		try {
			return Long.parseLong(get(index));
		}
		catch (NumberFormatException ex) {
			throw invalid();
		}
	}

	private static InvalidRequest invalid() {
		return new InvalidRequest("The cursor is not valid for this list; start again without a cursor.");
	}

	/** Checks a page size a client asked for and applies the default when none was given. */
	public static int limit(@Nullable Integer requested) {
		if (requested == null) {
			return 25;
		}
		if (requested < 1 || requested > 100) {
			throw new InvalidRequest("limit must be between 1 and 100.");
		}
		return requested;
	}

}
