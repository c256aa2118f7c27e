package nl.naadloos.platform;

import org.springframework.http.HttpStatus;

/** A request that is well-formed but asks for something that cannot be done as asked. */
public class InvalidRequest extends ProblemException {

	public InvalidRequest(String detail) {
		super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
	}

}
