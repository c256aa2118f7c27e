package nl.naadloos.platform;

import org.springframework.http.HttpStatus;

/** The addressed resource does not exist (or the caller may not know it exists). */
public class ResourceNotFound extends ProblemException {

	public ResourceNotFound(String what, Object id) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " " + id + " does not exist.");
	}

}
