package nl.naadloos.contacts;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import nl.naadloos.platform.ProblemException;

/** The failures of contact management a caller can act on. */
final class ContactProblems {

	private ContactProblems() {
	}

	/** The address is already an identity of a contact; the problem names that contact. */
	static final class IdentityTaken extends ProblemException {

		private final UUID contactId;

		IdentityTaken(String address, UUID contactId) {
			super(HttpStatus.CONFLICT, "identity-taken", "Identity belongs to a contact",
					"The " + address + " already belongs to contact " + contactId
							+ ". Merge the contacts if they are the same person.");
			this.contactId = contactId;
		}

		@Override
		public Map<String, Object> properties() {
			return Map.of("contactId", this.contactId);
		}

	}

	static final class InvalidAttribute extends ProblemException {

		private final String attribute;

		InvalidAttribute(String attribute, String problem) {
			super(HttpStatus.BAD_REQUEST, "invalid-attribute", "Invalid attribute",
					"Attribute '" + attribute + "' " + problem + ".");
			this.attribute = attribute;
		}

		@Override
		public Map<String, Object> properties() {
			return Map.of("attribute", this.attribute);
		}

	}

	/** The contact was merged into another one; changes go to that one. */
	static final class ContactMerged extends ProblemException {

		private final UUID mergedInto;

		ContactMerged(UUID contactId, UUID mergedInto) {
			super(HttpStatus.CONFLICT, "contact-merged", "Contact was merged",
					"Contact " + contactId + " was merged into contact " + mergedInto
							+ "; change that contact, or undo the merge first.");
			this.mergedInto = mergedInto;
		}

		@Override
		public Map<String, Object> properties() {
			return Map.of("mergedInto", this.mergedInto);
		}

	}

	static final class CannotMerge extends ProblemException {

		CannotMerge(String detail) {
			super(HttpStatus.CONFLICT, "merge-not-possible", "Cannot merge", detail);
		}

	}

	static final class CannotUndoMerge extends ProblemException {

		CannotUndoMerge(String detail) {
			super(HttpStatus.CONFLICT, "unmerge-not-possible", "Cannot undo the merge", detail);
		}

	}

	static final class SuggestionDecided extends ProblemException {

		SuggestionDecided(UUID suggestionId, String status) {
			super(HttpStatus.CONFLICT, "suggestion-decided", "Suggestion already decided",
					"Merge suggestion " + suggestionId + " was already " + status + ".");
		}

	}

}
