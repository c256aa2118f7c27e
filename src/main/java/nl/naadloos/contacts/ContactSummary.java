package nl.naadloos.contacts;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What other modules may know of a contact.
 *
 * @param id the contact's id
 * @param name the name agents see
 * @param language the contact's language ({@code en}, {@code nl}, ...), when known
 * @param company the company the contact works for, when known
 */
public record ContactSummary(UUID id, String name, @Nullable String language, @Nullable String company) {
}
