-- Data generator for bench/datagen.sh: contacts with identities, conversations and messages, written
-- straight into PostgreSQL by INSERT ... SELECT over generate_series (no client round trips), with the
-- loaded tables' indexes and constraints dropped first and rebuilt afterwards (a sorted index build is
-- several times faster than maintaining random-UUID b-trees row by row), then ANALYZE.
--
-- psql variables: contacts, conversations, messages (counts). Needs the tables bench_teams(i, id) and
-- bench_accounts(i, id) (made by datagen.sh from the API's answers). Values are stored exactly as the
-- application stores them (JPA enum names, E.164 phone numbers, the all-zero scope of global identities).
\set ON_ERROR_STOP on
\timing on
set work_mem = '256MB';
set maintenance_work_mem = '1GB';
set synchronous_commit = off;

-- 1. Save and drop the constraints and indexes of the loaded tables (and foreign keys pointing at them).
create table bench_ddl (ord int, name text, ddl text, drop_ddl text);
insert into bench_ddl
select case c.contype when 'p' then 1 when 'u' then 2 else 4 end, c.conname,
       format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)),
       format('alter table %s drop constraint %I', c.conrelid::regclass, c.conname)
from pg_constraint c
where c.contype in ('p', 'u', 'f')
  and (c.conrelid::regclass::text in ('contacts', 'contact_identities', 'contact_threads', 'conversations',
                                      'conversation_channels', 'messages')
       or (c.contype = 'f' and c.confrelid::regclass::text in ('contacts', 'conversations')));
insert into bench_ddl
select 3, i.indexname, i.indexdef, format('drop index %I', i.indexname)
from pg_indexes i
where i.schemaname = current_schema()
  and i.tablename in ('contacts', 'contact_identities', 'contact_threads', 'conversations', 'conversation_channels', 'messages')
  and i.indexname not in (select conname from pg_constraint where contype in ('p', 'u'));
do $$
declare r record;
begin
  for r in select drop_ddl from bench_ddl order by ord desc loop execute r.drop_ddl; end loop;
end $$;

-- Names and texts to draw from.
create temp table first_names as select row_number() over () - 1 as i, n from unnest(array['Anouk','Daan','Sanne','Fatima','Oliver','Emily','Lars','Noor','Sem','Julia','Mohammed','Tess','Bram','Lotte','Finn','Eva','Yara','Thijs','Zoë','Milan','Sophie','Lucas','Emma','Levi','Mila','Noah','Saar','Luuk','Nina','Jesse']) n;
create temp table last_names as select row_number() over () - 1 as i, n from unnest(array['de Vries','Jansen','Peeters','El Amrani','Hughes','Carter','Bakker','Visser','Smit','Meijer','de Boer','Mulder','de Groot','Bos','Vos','Peters','Hendriks','van Dijk','Yilmaz','Kaya','van Leeuwen','Dekker','Brouwer','de Wit','Dijkstra','Smits','de Graaf','van der Meer','Kok','Jacobs']) n;
create temp table texts as select row_number() over () - 1 as i, t from unnest(array[
  'Waar blijft mijn bestelling %s? Ik heb nog niets ontvangen.',
  'Ik wil bestelling %s retourneren, de maat klopt niet.',
  'Can you change the delivery address of order %s please?',
  'Mijn pakket %s is beschadigd aangekomen.',
  'Is order %s already shipped? Thanks a lot!',
  'De factuur van bestelling %s klopt niet, graag contact.',
  'Hoe lang duurt de levering van %s naar België?',
  'I was charged twice for order %s, please refund one payment.',
  'Bedankt voor uw bericht. Uw bestelling %s is vandaag verzonden.',
  'We have issued a refund for order %s; it arrives within 5 working days.',
  'Klant belde over %s, terugbellen na 14:00.',
  'Status changed to pending for %s']) t;

-- 2. Contacts, each with a provider id on one of the API accounts, a Dutch mobile number (+316, 1-5, 7 digits)
--    and, for every second contact, an e-mail address.
insert into contacts (id, name, language, company, notes, created_at, updated_at, merged_into, version)
select md5('contact-' || g)::uuid,
       (select n from first_names where i = g % 30) || ' ' || (select n from last_names where i = (g / 30) % 30),
       case when g % 3 = 0 then 'en' else 'nl' end, null, null,
       now() - (g % 730) * interval '1 day', now() - (g % 30) * interval '1 day', null, 0
from generate_series(0, :contacts - 1) g;

insert into contact_identities (id, contact_id, kind, address, display_address, scope, verified, verified_by,
                                verified_at, source, first_seen_at, last_seen_at)
select md5('provider-' || g)::uuid, md5('contact-' || g)::uuid, 'PROVIDER', 'cust-' || g, 'cust-' || g,
       (select id from bench_accounts where i = g % 2), true, 'channel api', now() - (g % 730) * interval '1 day',
       'channel api', now() - (g % 730) * interval '1 day', now() - (g % 30) * interval '1 day'
from generate_series(0, :contacts - 1) g
union all
select md5('phone-' || g)::uuid, md5('contact-' || g)::uuid, 'PHONE', '+316' || (1 + g % 5) || lpad(g::text, 7, '0'),
       '+31 6 ' || (1 + g % 5) || lpad(g::text, 7, '0'), '00000000-0000-0000-0000-000000000000', true,
       'trusted channel account', now() - (g % 730) * interval '1 day', 'hint from channel api',
       now() - (g % 730) * interval '1 day', now() - (g % 30) * interval '1 day'
from generate_series(0, :contacts - 1) g
union all
select md5('email-' || g)::uuid, md5('contact-' || g)::uuid, 'EMAIL', 'klant' || g || '@example.nl', 'klant' || g || '@example.nl',
       '00000000-0000-0000-0000-000000000000', true, 'trusted channel account', now() - (g % 730) * interval '1 day',
       'hint from channel api', now() - (g % 730) * interval '1 day', now() - (g % 30) * interval '1 day'
from generate_series(0, :contacts - 1) g where g % 2 = 0;

insert into contact_threads (contact_id) select md5('contact-' || g)::uuid from generate_series(0, :contacts - 1) g;

-- 3. Conversations: contacts drawn with a skew (a few customers have many conversations), statuses as in a
--    live help desk (most closed or solved, active ones recent), 10 % without a team.
create temp table conv as
select j, md5('conversation-' || j)::uuid as id, c as contact_idx,
       case when s < 0.05 then 'NEW' when s < 0.15 then 'OPEN' when s < 0.21 then 'PENDING' when s < 0.25 then 'ON_HOLD'
            when s < 0.45 then 'SOLVED' else 'CLOSED' end as status,
       case when p < 0.05 then 'URGENT' when p < 0.20 then 'HIGH' when p < 0.90 then 'NORMAL' else 'LOW' end as priority,
       case when t < 0.10 then null else (select id from bench_teams where i = floor(t * 1000)::int % (select count(*) from bench_teams)) end as team_id,
       (select id from bench_accounts where i = c % 2) as account_id,
       age_days, span_minutes
from (select j, floor(:contacts * power(random(), 1.5))::int as c, random() as s, random() as p, random() as t,
             random() as age_days, random() as span_minutes
      from generate_series(0, :conversations - 1) j) x;
update conv set age_days = case when status in ('NEW', 'OPEN', 'PENDING', 'ON_HOLD') then age_days * 30
                                when status = 'SOLVED' then age_days * 90 else age_days * 730 end,
                span_minutes = span_minutes * 7 * 24 * 60;
alter table conv add column created_at timestamptz, add column last_activity_at timestamptz;
update conv set created_at = now() - age_days * interval '1 day',
                last_activity_at = least(now(), now() - age_days * interval '1 day' + span_minutes * interval '1 minute');

insert into conversations (id, contact_id, subject, status, priority, owner_agent_id, team_id, contact_reason, severity,
                           latest_inbound_channel, latest_inbound_account_id, previous_conversation_id, created_at,
                           first_response_at, last_customer_message_at, last_agent_message_at, solved_at, closed_at,
                           last_activity_at, reopen_count, version)
select id, md5('contact-' || contact_idx)::uuid, null, status, priority, null, team_id, null, null, 'API', account_id,
       null, created_at, case when status <> 'NEW' then created_at + interval '7 minutes' end, last_activity_at,
       case when status <> 'NEW' then last_activity_at - interval '1 minute' end,
       case when status in ('SOLVED', 'CLOSED') then last_activity_at end,
       case when status = 'CLOSED' then last_activity_at end, last_activity_at, 0, 0
from conv order by j;

insert into conversation_channels (conversation_id, channel) select id, 'API' from conv;

-- 4. Messages: conversations drawn uniformly (about Poisson(5) per conversation), half inbound, the rest
--    agent replies, notes and events, each at a time inside its conversation's life.
insert into messages (id, conversation_id, direction, channel, channel_account_id, identity_id, author_type,
                      author_agent_id, text_body, html_body, provider_message_id, reply_to_message_id,
                      delivery_status, failure_reason, created_at, sent_at, status_changed_at, version)
select gen_random_uuid(), c.id, m.direction,
       case when m.direction in ('INBOUND', 'OUTBOUND') then 'API' end,
       case when m.direction in ('INBOUND', 'OUTBOUND') then c.account_id end,
       case when m.direction in ('INBOUND', 'OUTBOUND') then md5('provider-' || c.contact_idx)::uuid end,
       case m.direction when 'INBOUND' then 'CONTACT' when 'EVENT' then 'SYSTEM' else 'AGENT' end,
       null,
       format((select t from texts where i = case m.direction when 'INBOUND' then m.k % 8 when 'OUTBOUND' then 8 + m.k % 2
                                                              when 'NOTE' then 10 else 11 end), 100000 + m.k % 900000),
       null,
       case when m.direction = 'INBOUND' then 'gen-' || m.k end, null,
       case when m.direction = 'OUTBOUND' then (array['SENT', 'DELIVERED', 'READ'])[1 + m.k % 3] end, null,
       c.created_at + (c.last_activity_at - c.created_at) * m.r,
       case when m.direction = 'OUTBOUND' then c.created_at + (c.last_activity_at - c.created_at) * m.r end,
       case when m.direction = 'OUTBOUND' then c.created_at + (c.last_activity_at - c.created_at) * m.r end, 0
from (select k, floor(random() * :conversations)::int as j, random() as r,
             case when random() < 0.5 then 'INBOUND' when random() < 0.7 then 'OUTBOUND'
                  when random() < 0.6 then 'NOTE' else 'EVENT' end as direction
      from generate_series(0, :messages - 1) k) m
join conv c on c.j = m.j;

-- 5. Rebuild what was dropped (keys first, then indexes, then foreign keys), then ANALYZE.
do $$
declare r record;
begin
  for r in select ddl from bench_ddl order by ord loop execute r.ddl; end loop;
end $$;
drop table bench_ddl;
analyze;
