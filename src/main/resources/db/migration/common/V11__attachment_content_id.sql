-- Inline images of an e-mail: its HTML refers to them as cid:<content_id>, and the API shows them in place.
alter table message_attachments add column content_id varchar(1000);
alter table message_attachments add column inline boolean default false not null;
