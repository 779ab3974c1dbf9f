package app.larder.platform.web;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

import java.util.List;
import java.util.Map;

/**
 * Every error of the JSON API as RFC 9457 problem+json: field errors listed under {@code errors}, texts from the
 * message bundle in the user's language, never a stack trace.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private final MessageSource messages;

    ApiErrors(MessageSource messages) {
        this.messages = messages;
    }

    /** One offending input: a JSON path such as {@code lines[0].quantity}, or null for the whole request. */
    record FieldProblem(String field, String message) {
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, text("error.notFound", e.entity()), List.of());
    }

    @ExceptionHandler(RateLimits.TooManyRequests.class)
    ResponseEntity<ProblemDetail> tooMany(RateLimits.TooManyRequests e) {
        return withHeader(problem(HttpStatus.TOO_MANY_REQUESTS, text(e.messageKey()), List.of()),
                HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }

    @ExceptionHandler(RequestTooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestTooLarge e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, text(e.messageKey(), e.args()), List.of());
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolation(RuleViolation e) {
        String message = text(e.messageKey(), e.args());
        HttpStatus status = e.messageKey().endsWith("Taken") || e.messageKey().startsWith("user.lastOwner")
                ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT;
        return problem(status, message, List.of(new FieldProblem(e.field(), message)));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, text("error.forbidden"), List.of());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentEdit(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, text("error.concurrentEdit"), List.of());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        log.info("Refused by a database constraint: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, text("error.conflict"), List.of());
    }

    /** No database connection (or lock) within the waiting time: the server is busy; the client may send it again. */
    @ExceptionHandler({org.springframework.transaction.CannotCreateTransactionException.class,
            org.springframework.dao.TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> busy(Exception e) {
        log.warn("Busy: {}", e.toString());
        return withHeader(problem(HttpStatus.SERVICE_UNAVAILABLE, text("error.busy"), List.of()),
                HttpHeaders.RETRY_AFTER, "5");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        ApiEdgeFilter.BodyTooLarge tooLarge = ApiEdgeFilter.BodyTooLarge.in(e);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        log.error("Unexpected error in the API", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, text("error.unexpected"), List.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getAllErrors().stream()
                .map(error -> new FieldProblem(error instanceof FieldError f ? f.getField() : null,
                        messages.getMessage(error, LocaleContextHolder.getLocale())))
                .toList();
        return asObject(problem(HttpStatus.BAD_REQUEST, text("error.validation"), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(error -> new FieldProblem(
                        r.getMethodParameter().getParameterName(),
                        messages.getMessage(error, LocaleContextHolder.getLocale()))))
                .toList();
        return asObject(problem(HttpStatus.BAD_REQUEST, text("error.validation"), errors));
    }

    /**
     * Malformed JSON, or a value of the wrong type: 400. A body that passed its limit while it was read
     * ({@link ApiEdgeFilter}) arrives here too, wrapped by the parser: 413. A string with NUL names its field.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ApiEdgeFilter.BodyTooLarge tooLarge = ApiEdgeFilter.BodyTooLarge.in(e);
        if (tooLarge != null) {
            return asObject(tooLarge(tooLarge));
        }
        if (e.getMostSpecificCause() instanceof JsonInput.NulCharacter nul) {
            String message = text("validation.nul");
            return asObject(problem(HttpStatus.BAD_REQUEST, text("error.validation"),
                    List.of(new FieldProblem(JsonInput.path(nul), message))));
        }
        log.debug("Unreadable request body: {}", e.getMostSpecificCause().getMessage());
        return asObject(problem(HttpStatus.BAD_REQUEST, text("error.malformedJson"), List.of()));
    }

    /** A body that is not JSON (or not what the path takes, such as CSV): 415, saying what it takes. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String accepted = e.getSupportedMediaTypes().isEmpty() ? MediaType.APPLICATION_JSON_VALUE
                : MediaType.toString(e.getSupportedMediaTypes());
        return asObject(withHeaders(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, text("error.http.415", accepted),
                List.of()), headers));
    }

    private ResponseEntity<ProblemDetail> tooLarge(ApiEdgeFilter.BodyTooLarge e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, text(e.limit().messageKey(), e.limit().megabytes()), List.of());
    }

    private static ResponseEntity<ProblemDetail> withHeader(ResponseEntity<ProblemDetail> answer, String name,
                                                            String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(name, value);
        return withHeaders(answer, headers);
    }

    private static ResponseEntity<ProblemDetail> withHeaders(ResponseEntity<ProblemDetail> answer,
                                                             HttpHeaders more) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(answer.getHeaders());
        headers.addAll(more);
        return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(answer.getBody());
    }

    private ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (!errors.isEmpty()) {
            problem.setProperties(Map.of("errors", errors));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
