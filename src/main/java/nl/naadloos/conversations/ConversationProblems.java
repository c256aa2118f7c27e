package nl.naadloos.conversations;

import org.springframework.http.HttpStatus;

import nl.naadloos.platform.ProblemException;

/** The failures of conversation work a caller can act on. */
final class ConversationProblems {

	private ConversationProblems() {
	}

	static final class Closed extends ProblemException {

		Closed(long number) {
			super(HttpStatus.CONFLICT, "conversation-closed", "Conversation closed",
					"Conversation #" + number + " is closed; closed is final. Start a new conversation instead.");
		}

	}

	static final class ContactReasonExists extends ProblemException {

		ContactReasonExists(String key) {
			super(HttpStatus.CONFLICT, "contact-reason-exists", "Contact reason exists",
					"There is already a contact reason with key '" + key + "'; change it with PATCH instead.");
		}

	}

	static final class StatusNotAllowed extends ProblemException {

		StatusNotAllowed(String detail) {
			super(HttpStatus.CONFLICT, "status-not-allowed", "Status change not allowed", detail);
		}

	}

	static final class NoReplyChannel extends ProblemException {

		NoReplyChannel(String detail) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "no-reply-channel", "Cannot reply on this channel", detail);
		}

	}

	static final class TextTooLong extends ProblemException {

		TextTooLong(int max) {
			super(HttpStatus.BAD_REQUEST, "text-too-long", "Text too long",
					"The text is longer than the limit of " + max + " characters.");
		}

	}

	static final class CannotMerge extends ProblemException {

		CannotMerge(String detail) {
			super(HttpStatus.CONFLICT, "cannot-merge", "Cannot merge these conversations", detail);
		}

	}

	static final class CannotSplit extends ProblemException {

		CannotSplit(String detail) {
			super(HttpStatus.BAD_REQUEST, "cannot-split", "Cannot split these messages off", detail);
		}

	}

	static final class UnknownAgentOrTeam extends ProblemException {

		UnknownAgentOrTeam(String detail) {
			super(HttpStatus.BAD_REQUEST, "unknown-owner", "Unknown owner", detail);
		}

	}

}
