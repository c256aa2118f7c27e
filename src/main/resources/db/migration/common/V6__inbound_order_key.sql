-- The sender of a raw inbound event as the channel names it (API channel: from.id), so that events left
-- for the recovery job go to the same worker as the sender's other events and stay in order.
alter table inbound_events add column order_key varchar(500);
