-- Where each mailbox's IMAP reading stands: the folder's UIDVALIDITY and the last UID taken in, so that a
-- restart, a dropped connection or a server restart neither loses nor repeats a mail; and what admins see.
create table mailbox_sync (
    channel_account_id uuid not null primary key references channel_accounts (id),
    uid_validity       bigint,
    last_uid           bigint not null default 0,
    connected          boolean not null default false,
    last_sync_at       timestamp(6) with time zone,
    last_error         varchar(2000),
    last_error_at      timestamp(6) with time zone
);
