package app.larder.platform.web;

import app.larder.platform.RuleViolation;

/** Answered with 413: a batch or a body larger than the API allows. Nothing of it is read further. */
public class RequestTooLarge extends RuleViolation {

    public RequestTooLarge(String messageKey, Object... args) {
        super(null, messageKey, args);
    }
}
