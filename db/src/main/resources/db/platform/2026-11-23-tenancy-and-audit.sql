--liquibase formatted sql

--changeset larder:platform-app-role splitStatements:false
--comment: The role the application connects as. It owns nothing, so row-level security always applies to it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'larder_app') THEN
        CREATE ROLE larder_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END
$$;

--changeset larder:platform-grants
GRANT USAGE ON SCHEMA public TO larder_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO larder_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO larder_app;

--changeset larder:platform-current-tenant splitStatements:false
--comment: The tenant of the current transaction, or null when none is set (then policies match no row).
CREATE FUNCTION larder_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE
AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

--changeset larder:platform-isolate-tenant splitStatements:false
--comment: Every tenant-owned table calls this once: RLS enabled and forced, one policy keyed by the tenant setting.
CREATE PROCEDURE larder_isolate_tenant(p_table regclass)
    LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = larder_current_tenant()) '
                   'WITH CHECK (tenant_id = larder_current_tenant())', p_table);
END
$$;

--changeset larder:platform-tenant-directory
--comment: The only table read before a tenant is known: login e-mails and token hashes, and the tenant they lead to.
CREATE TABLE tenant_directory (
    lookup_key varchar(200) PRIMARY KEY,
    tenant_id  uuid         NOT NULL,
    created_at timestamptz  NOT NULL
);
CREATE INDEX tenant_directory_tenant ON tenant_directory (tenant_id);

--changeset larder:platform-audit-entry
CREATE TABLE audit_entry (
    tenant_id   uuid         NOT NULL,
    id          uuid         NOT NULL,
    occurred_at timestamptz  NOT NULL,
    user_id     uuid,
    user_name   varchar(200) NOT NULL,
    action      varchar(40)  NOT NULL,
    entity_type varchar(60)  NOT NULL,
    entity_id   uuid,
    summary     text         NOT NULL,
    version     bigint       NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_entry_by_time ON audit_entry (tenant_id, occurred_at DESC);
CALL larder_isolate_tenant('audit_entry');
-- The log is append-only for the application.
REVOKE UPDATE, DELETE ON audit_entry FROM larder_app;
