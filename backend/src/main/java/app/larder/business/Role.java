package app.larder.business;

/** What a user of a business may do. */
public enum Role {
    /** Everything, including users and business settings. */
    OWNER,
    /** Day-to-day operations: menu, stock, promotions, customers, POS devices; no users or business settings. */
    MANAGER,
    /** Reads everything, edits finance, exports reports; no menu or stock edits. */
    ACCOUNTANT
}
