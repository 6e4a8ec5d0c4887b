-- No query reads the call log by organization: the Health page aggregates per
-- connection (integration_calls_connection_idx), pruning goes by age
-- (integration_calls_created_idx). Every provider attempt inserts a row here,
-- and each index it does not need is paid on that insert.
drop index if exists integration_calls_org_created_idx;
