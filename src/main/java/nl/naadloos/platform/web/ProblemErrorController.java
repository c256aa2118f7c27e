package nl.naadloos.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import nl.naadloos.platform.ProblemWriter;

/**
 * The servlet container's error page. API clients (and anyone not asking for HTML) get a problem
 * detail; browsers get the product's error page in their language. Reached for unknown paths, errors
 * raised outside controllers and {@code sendError} calls.
 */
@Controller
@RequestMapping("/error")
class ProblemErrorController implements ErrorController {

	private final ProblemWriter problems;

	ProblemErrorController(ProblemWriter problems) {
		this.problems = problems;
	}

	@RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
	@Nullable ModelAndView html(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpStatus status = status(request);
		if (isApi(request)) {
			this.problems.write(response, problem(request, status));
			return null;
		}
		response.setStatus(status.value());
		String view = switch (status.value()) {
			case 401, 403, 404, 413 -> "error/" + status.value();
			default -> "error/error";
		};
		return new ModelAndView(view, Map.of("status", status.value()), status);
	}

	@RequestMapping
	void problem(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.problems.write(response, problem(request, status(request)));
	}

	private static ProblemDetail problem(HttpServletRequest request, HttpStatus status) {
		String detail = switch (status.value()) {
			case 404 -> "There is nothing at this address. Check the path and the API documentation at /swagger-ui.html.";
			case 405 -> "This address does not support the " + request.getMethod() + " method.";
			case 413 -> "The request body is larger than the limit.";
			case 415 -> "This content type is not supported; send application/json.";
			case 401 -> "Authentication is required.";
			case 403 -> "You do not have permission to do this.";
			default -> status.is5xxServerError() ? "Something went wrong on our side. Please try again later."
					: status.getReasonPhrase() + ".";
		};
		ProblemDetail problem = ProblemWriter.problem(status, "http-" + status.value(), status.getReasonPhrase(), detail);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			problem.setInstance(URI.create(path));
		}
		return problem;
	}

	private static boolean isApi(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return uri instanceof String path && (path.startsWith("/api/") || path.startsWith("/actuator"));
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code instanceof Integer value) {
			HttpStatus resolved = HttpStatus.resolve(value);
			if (resolved != null) {
				return resolved;
			}
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

}
