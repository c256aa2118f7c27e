package nl.naadloos.accounts;

import org.springframework.http.HttpStatus;

import nl.naadloos.platform.ProblemException;

/** The failures of account management a caller can act on. */
final class AccountProblems {

	private AccountProblems() {
	}

	static final class EmailTaken extends ProblemException {

		EmailTaken(String email) {
			super(HttpStatus.CONFLICT, "agent-email-taken", "E-mail address in use",
					"Another agent already uses " + email + ".");
		}

	}

	static final class TeamNameTaken extends ProblemException {

		TeamNameTaken(String name) {
			super(HttpStatus.CONFLICT, "team-name-taken", "Team name in use", "A team named '" + name + "' already exists.");
		}

	}

	static final class UnknownTeam extends ProblemException {

		UnknownTeam(Object id) {
			super(HttpStatus.BAD_REQUEST, "unknown-team", "Unknown team", "There is no team with id " + id + ".");
		}

	}

	static final class LastAdmin extends ProblemException {

		LastAdmin() {
			super(HttpStatus.CONFLICT, "last-admin", "Last administrator",
					"This is the last active administrator; make another agent admin first.");
		}

	}

	static final class NotOnYourself extends ProblemException {

		NotOnYourself() {
			super(HttpStatus.CONFLICT, "not-on-yourself", "Not on your own account",
					"You cannot deactivate your own account.");
		}

	}

	static final class AlreadyInState extends ProblemException {

		AlreadyInState(String detail) {
			super(HttpStatus.CONFLICT, "agent-state", "Already done", detail);
		}

	}

	static final class WrongPassword extends ProblemException {

		WrongPassword() {
			super(HttpStatus.BAD_REQUEST, "wrong-password", "Wrong password", "The current password is not correct.");
		}

	}

	static final class WeakPassword extends ProblemException {

		WeakPassword() {
			super(HttpStatus.BAD_REQUEST, "weak-password", "Password too weak", AccountService.PASSWORD_RULE);
		}

	}

}
