create table teams (
    id          uuid not null primary key,
    name        varchar(100) not null,
    description varchar(500),
    created_at  timestamp(6) with time zone not null,
    updated_at  timestamp(6) with time zone not null,
    version     bigint not null default 0,
    constraint ux_teams_name unique (name)
);

create table agents (
    id             uuid not null primary key,
    name           varchar(200) not null,
    email          varchar(320) not null,
    password_hash  varchar(200) not null,
    role           varchar(20) not null,
    locale         varchar(10) not null,
    active         boolean not null default true,
    created_at     timestamp(6) with time zone not null,
    updated_at     timestamp(6) with time zone not null,
    deactivated_at timestamp(6) with time zone,
    version        bigint not null default 0,
    constraint ux_agents_email unique (email)
);
create index ix_agents_name on agents (name, id);

create table agent_teams (
    agent_id uuid not null references agents (id) on delete cascade,
    team_id  uuid not null references teams (id) on delete cascade,
    primary key (agent_id, team_id)
);
create index ix_agent_teams_team on agent_teams (team_id);

create table agent_skills (
    agent_id uuid not null references agents (id) on delete cascade,
    skill    varchar(100) not null,
    primary key (agent_id, skill)
);

create table api_tokens (
    id           uuid not null primary key,
    agent_id     uuid not null references agents (id) on delete cascade,
    name         varchar(100) not null,
    token_hash   varchar(64) not null,
    token_prefix varchar(16) not null,
    created_at   timestamp(6) with time zone not null,
    last_used_at timestamp(6) with time zone,
    expires_at   timestamp(6) with time zone,
    revoked_at   timestamp(6) with time zone,
    constraint ux_api_tokens_hash unique (token_hash)
);
create index ix_api_tokens_agent on api_tokens (agent_id, created_at);

-- Failed logins per e-mail address, whether or not an agent has that address, so that lockout
-- itself never reveals which addresses exist.
create table login_throttle (
    email_key       varchar(320) not null primary key,
    failures        integer not null,
    last_failure_at timestamp(6) with time zone not null,
    locked_until    timestamp(6) with time zone
);
