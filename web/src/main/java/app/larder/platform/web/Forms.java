package app.larder.platform.web;

import app.larder.platform.RuleViolation;
import org.springframework.validation.BindingResult;

/** Puts a rule the service refused onto the form, under its field, so the page shows it where it belongs. */
public final class Forms {

    private Forms() {
    }

    public static void reject(BindingResult result, RuleViolation violation) {
        if (violation.field() != null && result.getTarget() != null
                && hasProperty(result.getTarget().getClass(), violation.field())) {
            result.rejectValue(violation.field(), violation.messageKey(), violation.args(), violation.messageKey());
        } else {
            result.reject(violation.messageKey(), violation.args(), violation.messageKey());
        }
    }

    /**
     * Runs what a button asks for and goes back to {@code back} with its outcome as a flash message: the success
     * key, the rule it broke, or that someone else changed the same thing meanwhile.
     */
    public static String flash(org.springframework.web.servlet.mvc.support.RedirectAttributes redirect, String back,
                               Runnable action, String successKey) {
        try {
            action.run();
            redirect.addFlashAttribute("success", successKey);
        } catch (RuleViolation e) {
            redirect.addFlashAttribute("failure", e.messageKey());
            redirect.addFlashAttribute("failureArgs", e.args());
        } catch (org.springframework.dao.OptimisticLockingFailureException e) {
            redirect.addFlashAttribute("failure", "error.concurrentEdit");
            redirect.addFlashAttribute("failureArgs", new Object[0]);
        }
        return "redirect:" + back;
    }

    private static boolean hasProperty(Class<?> type, String field) {
        if (type.isRecord()) {
            for (var component : type.getRecordComponents()) {
                if (component.getName().equals(field)) {
                    return true;
                }
            }
            return false;
        }
        try {
            type.getDeclaredField(field);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
