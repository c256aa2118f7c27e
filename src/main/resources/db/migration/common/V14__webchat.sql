-- The chat widget.
-- When an agent last had a conversation on screen: the visitor sees "Seen" under what they wrote before.
alter table conversations add column agent_seen_at timestamp(6) with time zone;

-- The conversations a visitor wrote in (an anonymous visitor sees only those), and the replies a visitor
-- has not read yet (sent by e-mail when they do not come back).
create index ix_messages_identity on messages (identity_id, conversation_id);
create index ix_messages_channel_delivery on messages (channel, delivery_status, created_at);

-- The one question after a solved chat (the feedback module will read these). No foreign keys into the
-- conversations module's tables: erasing a contact deletes its conversations, and its ratings with them.
create table webchat_ratings (
    conversation_id    uuid not null primary key,
    contact_id         uuid not null,
    channel_account_id uuid not null references channel_accounts (id),
    score              integer not null check (score between 1 and 5),
    comment            varchar(1000),
    rated_at           timestamp(6) with time zone not null
);
create index ix_webchat_ratings_contact on webchat_ratings (contact_id);

-- Chat replies the visitor did not read in time and that went out by e-mail: once each, across nodes.
create table webchat_email_fallbacks (
    message_id         uuid not null primary key,
    conversation_id    uuid not null,
    email_message_id   uuid,
    sent_at            timestamp(6) with time zone not null
);
