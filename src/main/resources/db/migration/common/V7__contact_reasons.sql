-- The admin-configurable taxonomy of why customers get in touch (one level of sub-reasons).
-- Conversations keep the key; a reason is switched off rather than deleted, so history stays readable.
create table contact_reasons (
    reason_key varchar(60)  not null primary key,
    name       varchar(200) not null,
    name_nl    varchar(200),
    parent_key varchar(60) references contact_reasons (reason_key),
    active     boolean      not null default true,
    position   integer      not null default 0,
    created_at timestamp(6) with time zone not null,
    updated_at timestamp(6) with time zone not null
);

-- A starting set for web shops and service companies; admins rename, extend or switch them off.
insert into contact_reasons (reason_key, name, name_nl, position, created_at, updated_at) values
    ('delivery', 'Delivery', 'Levering', 10, current_timestamp, current_timestamp),
    ('returns', 'Returns and refunds', 'Retouren en terugbetalingen', 20, current_timestamp, current_timestamp),
    ('payment', 'Payment and invoices', 'Betaling en facturen', 30, current_timestamp, current_timestamp),
    ('product', 'Product question', 'Productvraag', 40, current_timestamp, current_timestamp),
    ('complaint', 'Complaint', 'Klacht', 50, current_timestamp, current_timestamp),
    ('account', 'Account and login', 'Account en inloggen', 60, current_timestamp, current_timestamp),
    ('other', 'Other', 'Overig', 90, current_timestamp, current_timestamp);
insert into contact_reasons (reason_key, name, name_nl, parent_key, position, created_at, updated_at) values
    ('delivery-late', 'Late delivery', 'Te late levering', 'delivery', 11, current_timestamp, current_timestamp),
    ('delivery-damaged', 'Damaged on arrival', 'Beschadigd aangekomen', 'delivery', 12, current_timestamp, current_timestamp);
