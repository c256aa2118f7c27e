-- Failed reads in a row: a mailbox that keeps failing (a changed password, a server that is down) is tried
-- less and less often, so that its provider does not lock the account for too many failed logins.
alter table mailbox_sync add column failures integer not null default 0;
