-- tagdesk's central schema, version 2: ingest() as in version 1, doing once
-- a batch what it did for every event (measured in bench_sync's central
-- ingest, docs/PERFORMANCE.md):
--   - the other desks' names, which an event may not claim, are read once;
--   - the events' data is checked to be JSON in one statement, not in a
--     subtransaction an event (an EXCEPTION block each); only a batch that
--     fails is gone through item by item to name the event.
-- What it accepts, refuses and answers is unchanged.

CREATE OR REPLACE FUNCTION tagdesk.ingest(batch jsonb)
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
  others text[];
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
  others := ARRAY(SELECT o.kiosk FROM tagdesk.desks o WHERE o.school = d.school AND o.desk <> d.desk);
  -- Every event's data is JSON: checked for the batch at once, since a
  -- check of its own made each event a subtransaction; the item is looked
  -- for only when one is not.
  BEGIN
    PERFORM (x ->> 'data')::jsonb FROM jsonb_array_elements(batch) x WHERE jsonb_typeof(x -> 'data') = 'string';
  EXCEPTION WHEN invalid_text_representation THEN
    FOR e IN SELECT value FROM jsonb_array_elements(batch) LOOP
      n := n + 1;
      BEGIN
        PERFORM (e ->> 'data')::jsonb;
      EXCEPTION WHEN invalid_text_representation THEN
        RAISE EXCEPTION 'desk "%"''s event number % (item % of the batch) has data that is not JSON',
          d.kiosk, e ->> 'seq', n;
      END;
    END LOOP;
  END;
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
    IF e ->> 'kiosk' <> d.kiosk AND e ->> 'kiosk' = ANY (others) THEN
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

UPDATE tagdesk.meta SET version = 2;
