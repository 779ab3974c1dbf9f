--liquibase formatted sql

--changeset larder:pos-device
--comment: A paired terminal of one venue. The pairing code and the device token are kept only as SHA-256 hashes.
CREATE TABLE pos_device (
    tenant_id          uuid         NOT NULL REFERENCES business (tenant_id),
    id                 uuid         NOT NULL,
    venue_id           uuid         NOT NULL,
    name               varchar(100) NOT NULL,
    pairing_code_hash  varchar(64),
    pairing_expires_at timestamptz,
    token_hash         varchar(64),
    paired_at          timestamptz,
    last_seen_at       timestamptz,
    app_version        varchar(50),
    revoked_at         timestamptz,
    created_at         timestamptz  NOT NULL,
    version            bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id),
    CONSTRAINT pos_device_code_expires CHECK ((pairing_code_hash IS NULL) = (pairing_expires_at IS NULL))
);
CREATE UNIQUE INDEX pos_device_token ON pos_device (token_hash) WHERE token_hash IS NOT NULL;
CREATE UNIQUE INDEX pos_device_pairing_code ON pos_device (pairing_code_hash) WHERE pairing_code_hash IS NOT NULL;
CREATE INDEX pos_device_by_venue ON pos_device (tenant_id, venue_id, created_at);
CALL larder_isolate_tenant('pos_device');
