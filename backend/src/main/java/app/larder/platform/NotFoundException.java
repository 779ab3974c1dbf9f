package app.larder.platform;

import java.util.UUID;

/** Something asked for does not exist for the current business. Another business's row is reported the same way. */
public class NotFoundException extends RuntimeException {

    private final String entity;

    public NotFoundException(String entity, UUID id) {
        super(entity + " " + id + " not found");
        this.entity = entity;
    }

    public String entity() {
        return entity;
    }
}
