--liquibase formatted sql

--changeset larder:sales-venue-setting
--comment: How a venue's sales touch stock: whether a refund brings the ingredients of what it takes back into stock (a shop's returned goods) or not (a café's returned dish is thrown away).
CREATE TABLE venue_sales_setting (
    tenant_id              uuid    NOT NULL REFERENCES business (tenant_id),
    venue_id               uuid    NOT NULL,
    return_stock_on_refund boolean NOT NULL,
    PRIMARY KEY (tenant_id, venue_id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id)
);
CALL larder_isolate_tenant('venue_sales_setting');
