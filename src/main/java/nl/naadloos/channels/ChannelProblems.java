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

	static final class OriginNotAllowed extends ProblemException {

		OriginNotAllowed(@org.jspecify.annotations.Nullable String origin) {
			super(HttpStatus.FORBIDDEN, "origin-not-allowed", "Site not allowed",
					"This chat widget may not be used on " + (origin == null ? "this page" : origin)
							+ "; add the site to the widget's allowed sites.");
		}

	}

	static final class UnsupportedFileType extends ProblemException {

		UnsupportedFileType() {
			super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file-type", "File type not allowed",
					"Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent in the chat; the file's content is none of these.");
		}

	}

	static final class TooManyRequests extends ProblemException {

		TooManyRequests(long retryAfterSeconds) {
			super(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
					"Too many files in a short time; try again in " + retryAfterSeconds + " seconds.");
		}

	}

}
