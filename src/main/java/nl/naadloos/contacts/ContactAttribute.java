package nl.naadloos.contacts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import org.jspecify.annotations.Nullable;

/**
 * The value of one custom attribute of a contact, stored as text and checked against its type. A choice
 * carries its allowed options with it, one per line.
 *
 * @param type the attribute's type
 * @param value the value in its stored form
 * @param options the allowed values of a choice, separated by line feeds; {@code null} for other types
 */
@Embeddable
record ContactAttribute(@Enumerated(EnumType.STRING) @Column(name = "attr_type") AttributeType type,
		@Column(name = "attr_value") String value, @Column(name = "attr_options") @Nullable String options) {

	static final int MAX_OPTIONS = 50;

	static final int MAX_OPTION_LENGTH = 100;

	/**
	 * A checked attribute value.
	 * @throws ContactProblems.InvalidAttribute when the value does not fit the type or the options
	 */
	static ContactAttribute of(String key, AttributeType type, String value, @Nullable List<String> options) {
		List<String> checkedOptions = type == AttributeType.CHOICE ? checkOptions(key, options) : List.of();
		String stored = type.normalise(key, value, checkedOptions);
		return new ContactAttribute(type, stored,
				type == AttributeType.CHOICE ? String.join("\n", checkedOptions) : null);
	}

	List<String> optionList() {
		return this.options == null || this.options.isEmpty() ? List.of() : List.of(this.options.split("\n"));
	}

	private static List<String> checkOptions(String key, @Nullable List<String> options) {
		if (options == null || options.isEmpty()) {
			throw new ContactProblems.InvalidAttribute(key, "is a choice and needs its options");
		}
		LinkedHashSet<String> distinct = new LinkedHashSet<>();
		for (String option : options) {
			String trimmed = option.strip();
			if (trimmed.isEmpty() || trimmed.length() > MAX_OPTION_LENGTH
					|| trimmed.codePoints().anyMatch(Character::isISOControl)) {
				throw new ContactProblems.InvalidAttribute(key,
						"has an option that is empty, longer than " + MAX_OPTION_LENGTH + " characters or not on one line");
			}
			distinct.add(trimmed);
		}
		if (distinct.size() > MAX_OPTIONS) {
			throw new ContactProblems.InvalidAttribute(key, "has more than " + MAX_OPTIONS + " options");
		}
		return new ArrayList<>(distinct);
	}

}
