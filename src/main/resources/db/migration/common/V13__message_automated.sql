-- Inbound messages a machine sent (out-of-office, bounces, read receipts): recorded, but never the message a
-- reply answers or quotes.
alter table messages add column automated boolean default false not null;
