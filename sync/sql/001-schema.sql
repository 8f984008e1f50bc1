-- tagdesk's central schema on PostgreSQL 15, version 1: a trust's schools,
-- their desks, and every desk's events in one order per school.
--
-- Applied by `tagdesk server init URL` (sync/src/server.cpp embeds
-- this file) in one transaction, as a role that may create roles; the tests
-- apply it with psql. A later change is a new file, 002-..., never an edit
-- of this one: servers already run it.
--
-- What a desk may do: its PostgreSQL role is a member of tagdesk_desk, which
-- may only EXECUTE hello(), ingest() and pull(). They are SECURITY DEFINER
-- and find the desk, and so its school, from session_user: a desk cannot
-- name another desk or school, read another school's events, or write a
-- table directly.
--
-- Ordering (the gap problem of event stores on PostgreSQL): ingest() takes
-- the school's row FOR UPDATE before it gives out positions, so one school's
-- positions are committed in the order they are given. A reader that saw
-- position n has seen every position below it, and pull(after) never skips
-- an event that committed late. Schools do not wait on each other.
--
-- Two chains, both SHA-256 over length-prefixed fields (lp(): 8-byte
-- big-endian length, then the UTF-8 bytes), from 32 zero bytes:
--   a desk's chain over its own events in its own gap-free sequence,
--     link = sha256(prev || lp(seq) || lp(id) || lp(type) || lp(at) || lp(kiosk)
--                   || lp(actor) || lp(authoriser) || lp(data)),
--     made by the desk and checked here, so a gap, an edited event or a
--     desk restored from an old backup is refused;
--   the server's chain over the school's order,
--     link = sha256(prev || lp(pos) || lp(desk's kiosk) || lp(desk seq) || desk link),
--     handed back to the desk as a receipt, which anchors its history off the machine.

DO $$
BEGIN
  IF current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'the database''s encoding is %, and tagdesk needs UTF8', current_setting('server_encoding')
      USING HINT = 'Create the database with: createdb --encoding=UTF8 --template=template0 NAME';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tagdesk_desk') THEN
    CREATE ROLE tagdesk_desk NOLOGIN;  -- roles are the cluster's: another tagdesk database may have made it
  END IF;
END $$;

CREATE SCHEMA tagdesk;
REVOKE ALL ON SCHEMA tagdesk FROM PUBLIC;
GRANT USAGE ON SCHEMA tagdesk TO tagdesk_desk;

CREATE TABLE tagdesk.meta (
  id      int PRIMARY KEY CHECK (id = 1),
  version int NOT NULL
);
INSERT INTO tagdesk.meta VALUES (1, 1);

CREATE TABLE tagdesk.schools (
  school  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code    text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,15}$'),
  pos     bigint NOT NULL DEFAULT 0,                      -- the last position given in its order
  head    bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000',
  created timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tagdesk.desks (
  desk    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school  bigint NOT NULL REFERENCES tagdesk.schools,
  kiosk   text NOT NULL CHECK (kiosk ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
  role    name NOT NULL UNIQUE,                           -- the PostgreSQL role it logs in as
  seq     bigint NOT NULL DEFAULT 0,                      -- the last of its own events received
  head    bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000',
  created timestamptz NOT NULL DEFAULT now(),
  UNIQUE (school, kiosk)
);

CREATE TABLE tagdesk.events (
  school      bigint NOT NULL REFERENCES tagdesk.schools,
  pos         bigint NOT NULL,                            -- the school's order
  id          text NOT NULL UNIQUE,                       -- the desk's own id: ingest is idempotent by it
  desk        bigint NOT NULL REFERENCES tagdesk.desks,   -- who sent it (its role), not what it says
  desk_seq    bigint NOT NULL,
  type        text NOT NULL,
  at          text NOT NULL,
  kiosk       text NOT NULL,
  actor       text NOT NULL,
  authoriser  text NOT NULL,
  data        text NOT NULL,
  desk_hash   bytea NOT NULL,
  server_hash bytea NOT NULL,
  received    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school, pos),
  UNIQUE (desk, desk_seq)
);

-- The record is the truth here too: not even the owner changes an event.
CREATE FUNCTION tagdesk.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'tagdesk''s central log is append-only: events cannot be changed or deleted';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON tagdesk.events
  FOR EACH ROW EXECUTE FUNCTION tagdesk.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON tagdesk.events
  FOR EACH STATEMENT EXECUTE FUNCTION tagdesk.refuse_change();

-- ---------------------------------------------------------------- the chains

CREATE FUNCTION tagdesk.lp(value text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT
  RETURN int8send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8');

CREATE FUNCTION tagdesk.desk_link(prev bytea, seq bigint, id text, type text, at text, kiosk text,
                                  actor text, authoriser text, data text) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT
  RETURN sha256(prev || tagdesk.lp(seq::text) || tagdesk.lp(id) || tagdesk.lp(type) || tagdesk.lp(at)
                || tagdesk.lp(kiosk) || tagdesk.lp(actor) || tagdesk.lp(authoriser) || tagdesk.lp(data));

CREATE FUNCTION tagdesk.server_link(prev bytea, pos bigint, desk_kiosk text, desk_seq bigint,
                                    desk_hash bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT
  RETURN sha256(prev || tagdesk.lp(pos::text) || tagdesk.lp(desk_kiosk) || tagdesk.lp(desk_seq::text) || desk_hash);

-- ---------------------------------------------------------------- what an administrator calls

-- The role a desk logs in as: tagdesk_<school>_<kiosk>, lower case.
CREATE FUNCTION tagdesk.desk_role(school_code text, kiosk text) RETURNS name LANGUAGE sql IMMUTABLE STRICT
  RETURN ('tagdesk_' || lower(replace(school_code, '-', '_')) || '_' || replace(kiosk, '-', '_'))::name;

-- Makes the school (if new), the desk and its role; for a desk that exists,
-- gives its role the new password (lost or leaked credentials). password is
-- best a SCRAM verifier (libpq's PQencryptPasswordConn), so the password
-- itself never reaches the server. Returns the role's name.
CREATE FUNCTION tagdesk.add_desk(school_code text, kiosk text, password text) RETURNS name
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  role_name name := tagdesk.desk_role(school_code, kiosk);
  school_id bigint;
BEGIN
  IF school_code !~ '^[A-Za-z0-9][A-Za-z0-9-]{0,15}$' THEN
    RAISE EXCEPTION 'school code "%" is not 1 to 16 letters, digits or dashes', school_code;
  END IF;
  IF kiosk !~ '^[a-z0-9][a-z0-9-]{0,31}$' THEN
    RAISE EXCEPTION 'kiosk name "%" is not 1 to 32 lower-case letters, digits or dashes', kiosk
      USING HINT = 'The name is [kiosk] name in the desk''s tagdesk.toml, e.g. "reception-1".';
  END IF;
  IF coalesce(password, '') = '' THEN
    RAISE EXCEPTION 'a desk needs a password';
  END IF;
  INSERT INTO tagdesk.schools (code) VALUES (school_code) ON CONFLICT (code) DO NOTHING;
  SELECT s.school INTO school_id FROM tagdesk.schools s WHERE s.code = school_code;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
    IF NOT EXISTS (SELECT 1 FROM tagdesk.desks d WHERE d.role = role_name) THEN
      RAISE EXCEPTION 'a PostgreSQL role named % exists, and it is not a tagdesk desk of this database', role_name;
    END IF;
    EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', role_name, password);
  ELSE
    EXECUTE format('CREATE ROLE %I WITH LOGIN PASSWORD %L IN ROLE tagdesk_desk', role_name, password);
    INSERT INTO tagdesk.desks (school, kiosk, role) VALUES (school_id, kiosk, role_name);
  END IF;
  RETURN role_name;
END $$;

-- ---------------------------------------------------------------- what a desk calls

CREATE FUNCTION tagdesk.calling_desk() RETURNS tagdesk.desks
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  d tagdesk.desks;
BEGIN
  SELECT * INTO d FROM tagdesk.desks WHERE role = session_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the role % is not a tagdesk desk', session_user
      USING HINT = 'Make one with: tagdesk server add-desk URL --school CODE --kiosk NAME', ERRCODE = '42501';
  END IF;
  RETURN d;
END $$;

-- Who the server takes this desk to be, and how far it and its school are.
CREATE FUNCTION tagdesk.hello(OUT school text, OUT kiosk text, OUT desk_seq bigint, OUT desk_head text,
                              OUT school_pos bigint, OUT version int)
  LANGUAGE plpgsql SECURITY DEFINER STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  d tagdesk.desks := tagdesk.calling_desk();
BEGIN
  SELECT s.code, s.pos INTO school, school_pos FROM tagdesk.schools s WHERE s.school = d.school;
  kiosk := d.kiosk;
  desk_seq := d.seq;
  desk_head := encode(d.head, 'hex');
  SELECT m.version INTO version FROM tagdesk.meta m;
END $$;

-- Takes a batch of the calling desk's own events, a JSON array of objects
-- {seq, id, type, at, kiosk, actor, authoriser, data, hash} in its sequence
-- (data the event's JSON as text, hash the desk's link in hex), and returns
-- a receipt for each: its position in the school's order and the server's
-- link there. All or nothing. An event already received is received again
-- without change (a desk that lost the answer resends); anything that does
-- not follow what the desk sent before is refused, naming the event.
CREATE FUNCTION tagdesk.ingest(batch jsonb)
  RETURNS TABLE (seq bigint, pos bigint, receipt text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  d tagdesk.desks := tagdesk.calling_desk();
  s tagdesk.schools;
  e jsonb;
  n int := 0;
  field text;
  v_seq bigint;
  v_data text;
  link bytea;
  prior tagdesk.events;
  other text;
  names text;
BEGIN
  IF jsonb_typeof(batch) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'ingest takes a JSON array of events';
  END IF;
  IF jsonb_array_length(batch) > 1000 THEN
    RAISE EXCEPTION 'a batch holds at most 1000 events, not %', jsonb_array_length(batch);
  END IF;
  -- The school's lock: positions are given and committed in one order.
  SELECT * INTO s FROM tagdesk.schools WHERE school = d.school FOR UPDATE;
  SELECT * INTO d FROM tagdesk.desks WHERE desk = d.desk;
  FOR e IN SELECT value FROM jsonb_array_elements(batch) LOOP
    n := n + 1;
    IF jsonb_typeof(e) IS DISTINCT FROM 'object' THEN
      RAISE EXCEPTION 'item % of the batch is not an event object', n;
    END IF;
    FOREACH field IN ARRAY ARRAY['id', 'type', 'at', 'kiosk', 'actor', 'authoriser', 'data', 'hash'] LOOP
      IF jsonb_typeof(e -> field) IS DISTINCT FROM 'string' THEN
        RAISE EXCEPTION 'item % of the batch has no text "%"', n, field;
      END IF;
    END LOOP;
    IF jsonb_typeof(e -> 'seq') IS DISTINCT FROM 'number' OR (e ->> 'seq') !~ '^[1-9][0-9]{0,17}$' THEN
      RAISE EXCEPTION 'item % of the batch has no sequence number "seq" (1, 2, ...)', n;
    END IF;
    v_seq := (e ->> 'seq')::bigint;
    v_data := e ->> 'data';
    link := tagdesk.desk_link(d.head, v_seq, e ->> 'id', e ->> 'type', e ->> 'at', e ->> 'kiosk',
                              e ->> 'actor', e ->> 'authoriser', v_data);

    IF v_seq <= d.seq THEN
      -- Sent before: the same event again is fine, anything else is not.
      SELECT * INTO prior FROM tagdesk.events ev WHERE ev.desk = d.desk AND ev.desk_seq = v_seq;
      IF prior.id IS DISTINCT FROM e ->> 'id' OR encode(prior.desk_hash, 'hex') IS DISTINCT FROM e ->> 'hash' THEN
        RAISE EXCEPTION 'desk "%" already sent a different event as its number % (the server has % up to %): its database looks restored from an older backup, or its events were changed',
          d.kiosk, v_seq, d.kiosk, d.seq
          USING ERRCODE = 'TD001',
                HINT = 'Nothing was received. Keep this database for the record, and rebuild the desk from the server with: tagdesk sync join URL --kiosk NAME --db NEW-FILE';
      END IF;
      seq := v_seq; pos := prior.pos; receipt := encode(prior.server_hash, 'hex');
      RETURN NEXT;
      CONTINUE;
    END IF;

    IF v_seq <> d.seq + 1 THEN
      RAISE EXCEPTION 'desk "%" sent its event number % after number %: events % to % are missing',
        d.kiosk, v_seq, d.seq, d.seq + 1, v_seq - 1
        USING ERRCODE = 'TD002', HINT = 'Nothing was received. The desk sends its events in order from its last receipt.';
    END IF;
    IF encode(link, 'hex') <> e ->> 'hash' THEN
      RAISE EXCEPTION 'desk "%"''s event number % (id %) does not follow its chain: it was changed, or the desk''s database was replaced',
        d.kiosk, v_seq, e ->> 'id'
        USING ERRCODE = 'TD003', HINT = 'Nothing was received. Run tagdesk verify on the desk.';
    END IF;
    IF octet_length(v_data) > 262144 THEN
      RAISE EXCEPTION 'desk "%"''s event number % is % bytes, more than 256 KiB', d.kiosk, v_seq, octet_length(v_data);
    END IF;
    BEGIN
      PERFORM v_data::jsonb;
    EXCEPTION WHEN invalid_text_representation THEN
      RAISE EXCEPTION 'desk "%"''s event number % has data that is not JSON', d.kiosk, v_seq;
    END;
    IF e ->> 'kiosk' <> d.kiosk AND e ->> 'kiosk' IN
        (SELECT o.kiosk FROM tagdesk.desks o WHERE o.school = d.school AND o.desk <> d.desk) THEN
      RAISE EXCEPTION 'desk "%"''s event number % says it was made at desk "%"', d.kiosk, v_seq, e ->> 'kiosk'
        USING ERRCODE = 'TD004', HINT = 'A desk sends only its own events.';
    END IF;
    SELECT dk.kiosk INTO other FROM tagdesk.events ev JOIN tagdesk.desks dk ON dk.desk = ev.desk
      WHERE ev.id = e ->> 'id';
    IF FOUND THEN
      RAISE EXCEPTION 'desk "%"''s event number % has the id % of an event desk "%" sent', d.kiosk, v_seq,
        e ->> 'id', other USING ERRCODE = 'TD004';
    END IF;

    s.pos := s.pos + 1;
    s.head := tagdesk.server_link(s.head, s.pos, d.kiosk, v_seq, link);
    INSERT INTO tagdesk.events (school, pos, id, desk, desk_seq, type, at, kiosk, actor, authoriser, data,
                                desk_hash, server_hash)
      VALUES (d.school, s.pos, e ->> 'id', d.desk, v_seq, e ->> 'type', e ->> 'at', e ->> 'kiosk',
              e ->> 'actor', e ->> 'authoriser', v_data, link, s.head);
    d.seq := v_seq;
    d.head := link;
    seq := v_seq; pos := s.pos; receipt := encode(s.head, 'hex');
    RETURN NEXT;
  END LOOP;
  UPDATE tagdesk.schools SET pos = s.pos, head = s.head WHERE school = s.school;
  UPDATE tagdesk.desks SET seq = d.seq, head = d.head WHERE desk = d.desk;
END $$;

-- The calling desk's school's events after position `after`, in the
-- school's order, at most `max` of them; desk is the kiosk name of the desk
-- that sent each (its role), link the server's chain there.
CREATE FUNCTION tagdesk.pull(after bigint, max int DEFAULT 500)
  RETURNS TABLE (pos bigint, id text, desk text, desk_seq bigint, type text, at text, kiosk text, actor text,
                 authoriser text, data text, link text)
  LANGUAGE plpgsql SECURITY DEFINER STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  d tagdesk.desks := tagdesk.calling_desk();
BEGIN
  IF after IS NULL OR after < 0 THEN
    RAISE EXCEPTION 'pull needs a position of 0 or more, not %', after;
  END IF;
  RETURN QUERY
    SELECT ev.pos, ev.id, dk.kiosk, ev.desk_seq, ev.type, ev.at, ev.kiosk, ev.actor, ev.authoriser, ev.data,
           encode(ev.server_hash, 'hex')
    FROM tagdesk.events ev JOIN tagdesk.desks dk ON dk.desk = ev.desk
    WHERE ev.school = d.school AND ev.pos > after
    ORDER BY ev.pos
    LIMIT least(greatest(coalesce(max, 500), 1), 5000);
END $$;

-- Functions are PUBLIC's to call unless taken away; a desk gets three.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA tagdesk FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tagdesk.hello(), tagdesk.ingest(jsonb), tagdesk.pull(bigint, int) TO tagdesk_desk;
