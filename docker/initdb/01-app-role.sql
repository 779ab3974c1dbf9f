-- Runs once, when the postgres container initialises an empty data directory, as POSTGRES_USER (larder_owner, the
-- schema owner that Liquibase migrates as) in POSTGRES_DB (larder).
--
-- Creates the role the application connects as. It owns nothing and cannot bypass row-level security, so the tenant
-- policies always apply to it. Its table privileges come from the first changeset (ALTER DEFAULT PRIVILEGES, run by
-- larder_owner), which leaves an existing larder_app as it is: this script only has to make it able to log in.
--
-- The password comes from the container's LARDER_APP_PASSWORD (psql's \getenv, PostgreSQL 15 or later).

\getenv app_password LARDER_APP_PASSWORD
\if :{?app_password}
\else
    DO $$ BEGIN RAISE EXCEPTION 'LARDER_APP_PASSWORD is not set for the db container'; END $$;
\endif

CREATE ROLE larder_app LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
