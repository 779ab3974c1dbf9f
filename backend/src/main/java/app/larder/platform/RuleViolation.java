package app.larder.platform;

/**
 * A request that is well-formed but breaks a rule of the business (a taken e-mail, the last owner, a duplicate name).
 * {@code field} names the input at fault, or is null when the whole request is; {@code messageKey} is a key of the
 * message bundle, so pages and the API say the same thing in the user's language.
 */
public class RuleViolation extends RuntimeException {

    private final String field;
    private final String messageKey;
    private final Object[] args;

    public RuleViolation(String field, String messageKey, Object... args) {
        super(messageKey);
        this.field = field;
        this.messageKey = messageKey;
        this.args = args;
    }

    public String field() {
        return field;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args.clone();
    }
}
