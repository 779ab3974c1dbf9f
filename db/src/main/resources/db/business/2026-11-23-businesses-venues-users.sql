--liquibase formatted sql

--changeset larder:business-business
--comment: A business is its own tenant: its id is its tenant id.
CREATE TABLE business (
    tenant_id  uuid         NOT NULL,
    id         uuid         NOT NULL,
    name       varchar(200) NOT NULL,
    currency   varchar(3)   NOT NULL,
    timezone   varchar(64)  NOT NULL,
    locale     varchar(35)  NOT NULL,
    created_at timestamptz  NOT NULL,
    version    bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT business_is_its_own_tenant CHECK (tenant_id = id),
    CONSTRAINT business_one_per_tenant UNIQUE (tenant_id)
);
CALL larder_isolate_tenant('business');

--changeset larder:business-venue
CREATE TABLE venue (
    tenant_id  uuid         NOT NULL REFERENCES business (tenant_id),
    id         uuid         NOT NULL,
    name       varchar(200) NOT NULL,
    address    varchar(500),
    timezone   varchar(64)  NOT NULL,
    archived   boolean      NOT NULL DEFAULT false,
    created_at timestamptz  NOT NULL,
    version    bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX venue_name_unique ON venue (tenant_id, lower(name));
CALL larder_isolate_tenant('venue');

--changeset larder:business-storage
CREATE TABLE storage (
    tenant_id  uuid         NOT NULL,
    id         uuid         NOT NULL,
    venue_id   uuid         NOT NULL,
    name       varchar(200) NOT NULL,
    archived   boolean      NOT NULL DEFAULT false,
    created_at timestamptz  NOT NULL,
    version    bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id)
);
CREATE UNIQUE INDEX storage_name_unique ON storage (tenant_id, venue_id, lower(name));
CALL larder_isolate_tenant('storage');

--changeset larder:business-app-user
CREATE TABLE app_user (
    tenant_id            uuid         NOT NULL REFERENCES business (tenant_id),
    id                   uuid         NOT NULL,
    email                varchar(320) NOT NULL,
    full_name            varchar(200) NOT NULL,
    password_hash        varchar(200) NOT NULL,
    role                 varchar(20)  NOT NULL CHECK (role IN ('OWNER', 'MANAGER', 'ACCOUNTANT')),
    active               boolean      NOT NULL,
    all_venues           boolean      NOT NULL,
    must_change_password boolean      NOT NULL,
    created_at           timestamptz  NOT NULL,
    version              bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- Unique across businesses too, through tenant_directory; here within the business.
CREATE UNIQUE INDEX app_user_email_unique ON app_user (tenant_id, lower(email));
CALL larder_isolate_tenant('app_user');

--changeset larder:business-app-user-venue
--comment: tenant_id defaults to the transaction's tenant because Hibernate writes element collections without it.
CREATE TABLE app_user_venue (
    tenant_id uuid NOT NULL DEFAULT larder_current_tenant(),
    user_id   uuid NOT NULL,
    venue_id  uuid NOT NULL,
    PRIMARY KEY (tenant_id, user_id, venue_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id)
);
CALL larder_isolate_tenant('app_user_venue');

--changeset larder:business-api-token
CREATE TABLE api_token (
    tenant_id    uuid         NOT NULL,
    id           uuid         NOT NULL,
    user_id      uuid         NOT NULL,
    name         varchar(100) NOT NULL,
    token_hash   varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    version      bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id)
);
CALL larder_isolate_tenant('api_token');
