--liquibase formatted sql

--changeset larder:report-export
--comment: Report exports run in the background: who asked, for what, how far it got, and the file it made (kept about a day).
CREATE TABLE report_export (
    tenant_id   uuid          NOT NULL REFERENCES business (tenant_id),
    id          uuid          NOT NULL,
    user_id     uuid          NOT NULL,
    report      varchar(50)   NOT NULL,
    format      varchar(10)   NOT NULL,
    venue_id    uuid,
    period_from date,
    period_to   date,
    parameters  varchar(2000) NOT NULL DEFAULT '',
    status      varchar(20)   NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    progress    integer       NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    rows_done   bigint        NOT NULL DEFAULT 0,
    file_name   varchar(200),
    file_size   bigint,
    error       varchar(200),
    created_at  timestamptz   NOT NULL,
    finished_at timestamptz,
    version     bigint        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id),
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venue (tenant_id, id)
);
CREATE INDEX report_export_by_user ON report_export (tenant_id, user_id, created_at);
CREATE INDEX report_export_by_age ON report_export (tenant_id, created_at);
CALL larder_isolate_tenant('report_export');
