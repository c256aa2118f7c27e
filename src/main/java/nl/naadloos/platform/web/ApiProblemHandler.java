package nl.naadloos.platform.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import nl.naadloos.platform.ProblemException;
import nl.naadloos.platform.ProblemWriter;

/**
 * Turns every failure of a REST controller into an RFC 9457 problem detail whose {@code detail} a
 * person can act on. Validation problems list each field under {@code errors}.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> handleProblem(ProblemException ex, HttpServletRequest request) {
		ProblemDetail problem = ProblemWriter.problem(ex.status(), ex.type(), ex.title(), ex.getMessage());
		ex.properties().forEach(problem::setProperty);
		problem.setInstance(URI.create(request.getRequestURI()));
		return ResponseEntity.status(ex.status()).body(problem);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex) {
		List<Map<String, String>> errors = ex.getConstraintViolations()
			.stream()
			.map(v -> fieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
			.toList();
		return validationProblem(errors);
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> handleIntegrity(DataIntegrityViolationException ex) {
		log.info("Request conflicted with stored data: {}", ex.getMostSpecificCause().getMessage());
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(ProblemWriter.problem(HttpStatus.CONFLICT, "conflict", "Conflict",
					"The request conflicts with data that is already stored (for example a duplicate name). Nothing was changed."));
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<ProblemDetail> handleConcurrentUpdate(OptimisticLockingFailureException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(ProblemWriter.problem(HttpStatus.CONFLICT, "concurrent-update", "Changed by someone else",
					"Someone else changed this at the same time. Reload it and try again."));
	}

	/** Security decides these; they must reach its exception translation, not become a 500. */
	@ExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
	void rethrowSecurity(RuntimeException ex) {
		throw ex;
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) {
		PayloadTooLarge tooLarge = PayloadTooLarge.findIn(ex);
		if (tooLarge != null) {
			return handleProblem(tooLarge, request);
		}
		log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ProblemWriter.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
					"Something went wrong on our side. It has been logged; please try again later."));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(fieldError(error.getField(), error.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(error -> errors.add(fieldError(error.getObjectName(), error.getDefaultMessage())));
		return asObject(validationProblem(errors));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach(result -> {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors()
				.forEach(error -> errors.add(fieldError(name != null ? name : "parameter", error.getDefaultMessage())));
		});
		return asObject(validationProblem(errors));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLarge tooLarge = PayloadTooLarge.findIn(ex);
		if (tooLarge != null) {
			ProblemDetail problem = ProblemWriter.problem(tooLarge.status(), tooLarge.type(), tooLarge.title(),
					tooLarge.getMessage());
			return ResponseEntity.status(tooLarge.status()).body(problem);
		}
		ProblemDetail problem = ProblemWriter.problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body",
				describe(ex));
		Throwable cause = ex.getCause();
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = path(databind);
			problem.setProperty("errors", List.of(fieldError(field, problem.getDetail())));
		}
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
			problem.setType(URI.create(ProblemWriter.TYPE_BASE + "http-" + statusCode.value()));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static String describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause == null) {
			return "The request body is missing or empty; send a JSON object.";
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "Unknown field '" + path(unknown) + "'.";
		}
		if (cause instanceof InvalidFormatException invalid) {
			return "Field '" + path(invalid) + "' has the wrong type or format: expected "
					+ describeType(invalid.getTargetType()) + ".";
		}
		if (cause instanceof MismatchedInputException mismatched) {
			if (mismatched.getPath().isEmpty()) {
				return "The request body must be a JSON object.";
			}
			return "Field '" + path(mismatched) + "' has the wrong type: expected "
					+ describeType(mismatched.getTargetType()) + ".";
		}
		if (cause instanceof StreamReadException read) {
			String location = read.getLocation() != null
					? " at line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr() : "";
			return "The request body is not valid JSON" + location + ".";
		}
		if (cause instanceof JacksonException) {
			return "The request body could not be read as JSON.";
		}
		return "The request body could not be read.";
	}

	private static String describeType(@Nullable Class<?> type) {
		if (type == null) {
			return "another type";
		}
		if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type.isEnum()) {
			return "one of " + java.util.Arrays.stream(type.getEnumConstants())
				.map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
				.toList();
		}
		if (type == String.class) {
			return "a string";
		}
		if (java.util.Collection.class.isAssignableFrom(type)) {
			return "a list";
		}
		if (type == java.util.UUID.class) {
			return "an id (UUID)";
		}
		if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
			return "an ISO-8601 date/time";
		}
		return "an object";
	}

	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		ex.getPath().forEach(ref -> {
			if (ref.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		});
		return path.toString();
	}

	private static String lastNode(String propertyPath) {
		int dot = propertyPath.lastIndexOf('.');
		return dot >= 0 ? propertyPath.substring(dot + 1) : propertyPath;
	}

	private static Map<String, String> fieldError(String field, @Nullable String message) {
		Map<String, String> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message != null ? message : "is invalid");
		return error;
	}

	private static ResponseEntity<ProblemDetail> validationProblem(List<Map<String, String>> errors) {
		String detail = errors.isEmpty() ? "The request is invalid."
				: "The request has " + errors.size() + (errors.size() == 1 ? " invalid field: " : " invalid fields: ")
						+ String.join("; ", errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList())
						+ ".";
		ProblemDetail problem = ProblemWriter.problem(HttpStatus.BAD_REQUEST, "validation", "Validation failed", detail);
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> entity) {
		return (ResponseEntity) entity;
	}

}
