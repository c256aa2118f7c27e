package nl.naadloos.channels;

import org.springframework.http.HttpStatus;

import nl.naadloos.platform.ProblemException;

/** Failures around channel accounts and inbound requests a caller can act on. */
final class ChannelProblems {

	private ChannelProblems() {
	}

	static final class UnsupportedKind extends ProblemException {

		UnsupportedKind(String kind, String supported) {
			super(HttpStatus.BAD_REQUEST, "unsupported-channel-kind", "Channel kind not available",
					"Channel accounts of kind '" + kind + "' cannot be created in this version; available: " + supported + ".");
		}

	}

	static final class UnknownAccount extends ProblemException {

		UnknownAccount(Object id) {
			super(HttpStatus.NOT_FOUND, "unknown-channel-account", "Unknown channel account",
					"There is no active channel account " + id + " of this kind.");
		}

	}

	static final class BadSignature extends ProblemException {

		BadSignature(String detail) {
			super(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature", detail);
		}

	}

}
