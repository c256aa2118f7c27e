package nl.naadloos.platform.web;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import nl.naadloos.platform.ProblemException;

/** The request body is larger than the configured limit. */
class PayloadTooLarge extends ProblemException {

	PayloadTooLarge(DataSize limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
				"The request body is larger than the limit of " + describe(limit) + ".");
	}

	static String describe(DataSize size) {
		if (size.toMegabytes() >= 1 && size.toBytes() % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + " MB";
		}
		if (size.toKilobytes() >= 1) {
			return size.toKilobytes() + " KB";
		}
		return size.toBytes() + " bytes";
	}

	static @Nullable PayloadTooLarge findIn(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof PayloadTooLarge tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

}
