-- One node at a time reads a mailbox: it holds a lease that it renews while reading.
alter table mailbox_sync add column lease_owner varchar(100);
alter table mailbox_sync add column lease_until timestamp(6) with time zone;
