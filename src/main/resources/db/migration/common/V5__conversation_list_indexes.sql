-- Conversation lists filtered by team only (any status), newest activity first. Measured with
-- bench/datagen.sh at 1,000,000 conversations: p99 60 ms without it.
create index ix_conversations_team on conversations (team_id, last_activity_at, id);
