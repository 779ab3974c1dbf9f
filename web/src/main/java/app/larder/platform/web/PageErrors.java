package app.larder.platform.web;

import app.larder.platform.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Pages: something not found (or another business's), an id in the path that is no id included, shows the friendly
 * 404 page; a request parameter that cannot be read (a date that is no date, letters for an amount or a page) is the
 * user's typo, not a missing page, so 400 with the parameter named. Each in the normal layout, with the menu: an exception handler's view gets none of the model
 * the {@link LayoutModel} adds to a handler's, so it is added here. API errors are {@link ApiErrors}'.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrors {

    /** Longer values are cut in the message: it names the typo, it does not echo whatever was sent. */
    private static final int MAX_VALUE_SHOWN = 40;

    private final LayoutModel layout;

    PageErrors(LayoutModel layout) {
        this.layout = layout;
    }

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    ModelAndView notFound(HttpServletRequest request) {
        return page(HttpStatus.NOT_FOUND, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView unreadableParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        if (e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            ModelAndView view = page(HttpStatus.NOT_FOUND, request);
            view.setStatus(HttpStatus.NOT_FOUND);
            return view;
        }
        ModelAndView view = page(HttpStatus.BAD_REQUEST, request);
        view.setStatus(HttpStatus.BAD_REQUEST);
        String value = e.getValue() == null ? "" : String.valueOf(e.getValue());
        view.addObject("failure", "error.badParameter");
        view.addObject("failureArgs", new Object[]{e.getName(),
                value.length() > MAX_VALUE_SHOWN ? value.substring(0, MAX_VALUE_SHOWN) + "…" : value});
        return view;
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    ModelAndView concurrentEdit(HttpServletRequest request) {
        return page(HttpStatus.CONFLICT, request);
    }

    private ModelAndView page(HttpStatus status, HttpServletRequest request) {
        ModelAndView view = new ModelAndView("error");
        view.addObject("status", status.value());
        view.addObject("links", layout.links());
        view.addObject("me", layout.me(request));
        view.addObject("nav", layout.nav(request));
        view.addObject("currentPath", layout.currentPath(request));
        return view;
    }
}
