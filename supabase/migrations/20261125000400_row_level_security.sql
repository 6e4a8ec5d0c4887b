-- Supabase exposes every table in public through its REST API, so every table has
-- row-level security on. Tenant tables admit a row only when the session's
-- app.org_id setting names its organization; with no setting nothing is visible.
-- The application server connects as the tables' owner and checks membership
-- itself; these policies are the second wall for every other role.
create or replace function app_current_org() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;

alter table organizations enable row level security;
create policy organizations_tenant on organizations using (id = app_current_org());

alter table users enable row level security;
create policy users_in_current_org on users using (
  exists (select 1 from memberships m where m.user_id = users.id and m.org_id = app_current_org())
);

do $$
declare t text;
begin
  foreach t in array array['memberships', 'events', 'ticket_types', 'orders', 'attendees',
                           'domain_events', 'subscriber_deliveries', 'activity_log'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy %I on %I using (org_id = app_current_org()) with check (org_id = app_current_org())',
      t || '_tenant', t);
  end loop;
end $$;
