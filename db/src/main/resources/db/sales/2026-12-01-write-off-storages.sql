--liquibase formatted sql

--changeset larder:sales-write-off-storage-rule
--comment: Where a venue's sales write off the ingredients of a menu category's items (kitchen, bar); a subcategory follows its nearest ancestor's rule.
CREATE TABLE write_off_storage_rule (
    tenant_id   uuid   NOT NULL REFERENCES business (tenant_id),
    id          uuid   NOT NULL,
    venue_id    uuid   NOT NULL,
    category_id uuid   NOT NULL,
    storage_id  uuid   NOT NULL,
    version     bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, venue_id, category_id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id),
    FOREIGN KEY (tenant_id, category_id) REFERENCES menu_category (tenant_id, id),
    FOREIGN KEY (tenant_id, storage_id) REFERENCES storage (tenant_id, id)
);
CALL larder_isolate_tenant('write_off_storage_rule');
