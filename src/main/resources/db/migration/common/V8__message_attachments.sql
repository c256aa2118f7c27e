-- Files that came with a message. The bytes live in the blob store (<data-dir>/blobs), named by sha256.
create table message_attachments (
    id           uuid          not null primary key,
    message_id   uuid          not null references messages (id),
    file_name    varchar(255)  not null,
    content_type varchar(200)  not null,
    size_bytes   bigint        not null,
    sha256       varchar(64)   not null,
    created_at   timestamp(6) with time zone not null
);
create index ix_message_attachments_message on message_attachments (message_id);
