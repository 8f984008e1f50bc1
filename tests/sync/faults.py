#!/usr/bin/env python3
"""A fault harness in the style of Jepsen for desks syncing through PostgreSQL.

Run by faults_test.sh (the bounded run in the test suite) and by
scripts/soak-sync (the long run), inside a throwaway cluster (pg_lib.sh):

    faults.py [--seed N] [--runs N] [--seconds S] [--keep DIR]

Each run makes a school of three desks (`server add-desk`, `sync join`) and
starts them as `tagdesk headless --config` desks that sync in the background
through tcp_proxy.py. A seeded workload hands phones in and collects them,
signs laptops out and returns them, at random desks, while a seeded nemesis
kills desks (SIGKILL, sometimes mid-input) and restarts them, stops the
server (fast and immediate shutdown) and starts it again, hangs it
(SIGSTOP), black-holes or resets the connections at the proxy, and skews a
desk's clock (the desks run with --clock-from-input, so a skewed desk stamps
its events with a clock hours or days off). Then it heals everything, waits
until every desk has sent all its events and taken everything up to the
server's position, and checks:

  accepted   every hand-in, collection, sign-out and return a desk's screen
             showed as accepted is in that desk's file and on the server, once;
             every desk holds exactly the server's events
  converge   every desk's projections (its tables) equal those of a desk
             built afresh from the server's order (`sync join --db NEW`)
  chains     every file verifies (`tagdesk verify`), and so does the server's
             chain over the school's order
  custody    (hook) a device signed out twice without a return between, in
             the server's order, or a phone collected twice, is a double
             custody; counted, and checked for
             a conflict event once conflict events exist (CONFLICT_TYPE)

A seed fixes the workload and the nemesis's schedule (their interleaving
still follows the machine's timing). On failure the seed is printed with the
command that replays it.
"""
import argparse
import json
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
TAGDESK = os.environ.get("TAGDESK", "")
URL = f"postgresql://localhost:{os.environ.get('PGPORT', '5432')}/{os.environ.get('PGDATABASE', 'postgres')}"
DESKS = ["d1", "d2", "d3"]
PUPILS = [str(100001 + n) for n in range(16)]            # P0001..P0016
LAPTOPS = [f"LT{n:03d}" for n in (1, 2, 4, 6, 7, 8, 9, 10)]  # LT003 and LT005 (PAT overdue) are refused
STAFF = [("900001", "211111"), ("900002", "322222")]     # the demo school's administrators
PROJECTIONS = ["settings", "people", "devices", "slots", "loans", "held", "exemptions", "approvals",
               "audits", "confiscations"]
CONFLICT_TYPE = "conflict."  # events of this type prefix record a double custody (helper-13's part)


class Failure(Exception):
    pass


def log(*args):
    print(*args, flush=True)


def tagdesk(*args):
    r = subprocess.run([TAGDESK, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure(f"tagdesk {' '.join(args)} exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def parallel(commands, env=None):
    """Runs tagdesk commands at once (two cores); returns their outputs in order."""
    procs = [(c, subprocess.Popen([TAGDESK, *c], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
             for c in commands]
    outs = []
    for c, p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            raise Failure(f"tagdesk {' '.join(c)} exited {p.returncode}: {err.strip()}")
        outs.append(out)
    return outs


def admin(sql):
    r = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", "-Atq", "-c", sql], capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure(f"psql: {r.stderr.strip()}")
    return r.stdout.strip()


# ---------------------------------------------------------------- the server and the proxy

class Server:
    """The pg_virtualenv cluster: stopped (fast or immediate), hung, resumed."""

    def __init__(self):
        self.version = os.environ.get("PGVERSION", "15")
        self.state = "up"

    def ctl(self, *args):
        r = subprocess.run(["pg_ctlcluster", self.version, "regress", *args], capture_output=True, text=True)
        if r.returncode != 0:
            raise Failure(f"pg_ctlcluster {' '.join(args)}: {r.stderr.strip()}")

    def processes(self):
        data = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
        folder = next(line.split()[5] for line in data.splitlines() if line.split()[1] == "regress")
        with open(os.path.join(folder, "postmaster.pid")) as f:
            main = int(f.readline())
        children = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True).stdout.split()
        return [main, *map(int, children)]

    def stop(self, how):
        self.ctl("stop", "-m", how)
        self.state = "stopped"

    def kill(self):
        """Every process of the cluster at once, as a machine that lost power
        would (less what the OS had not written, which fsync covers)."""
        main, *children = self.processes()
        os.kill(main, signal.SIGKILL)  # first, so that it starts no more
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        # Until the last has gone (and been reaped), its shared memory and lock
        # files keep a new server from starting.
        deadline = time.monotonic() + 20
        while any(os.path.exists(f"/proc/{pid}") for pid in (main, *children)) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.state = "stopped"

    def hang(self):
        self.hung = self.processes()
        for pid in self.hung:
            os.kill(pid, signal.SIGSTOP)
        self.state = "hung"

    def heal(self):
        if self.state == "stopped":
            self.ctl("start")
        elif self.state == "hung":
            for pid in self.hung:
                os.kill(pid, signal.SIGCONT)
        self.state = "up"


class Proxy:
    def __init__(self, target_port):
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "tcp_proxy.py"), str(target_port)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline().split()[1])
        self.mode = "pass"

    def set(self, mode):
        self.proc.stdin.write(mode + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if answer != "ok " + mode:
            raise Failure(f"the proxy answered {answer!r} to {mode}")
        self.mode = mode

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


# ---------------------------------------------------------------- a desk

class Desk:
    """A `tagdesk headless --config` desk: inputs on its stdin, one screen a line back."""

    def __init__(self, name, work):
        self.name, self.work = name, work
        self.db = os.path.join(work, name + ".sqlite")
        self.config = os.path.join(work, name + "-desk.toml")
        self.proc = None
        self.skew = timedelta(0)

    def start(self):
        self.err = open(os.path.join(self.work, f"{self.name}.err"), "a")
        self.proc = subprocess.Popen([TAGDESK, "headless", "--clock-from-input", "--kiosk", self.name,
                                      "--config", self.config, "--db", self.db],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err)
        self.buffer = b""

    @property
    def running(self):
        return self.proc is not None

    def send(self, line):
        self.proc.stdin.write((json.dumps(line) + "\n").encode())
        self.proc.stdin.flush()

    def answer(self, timeout=30):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.proc.stdout], [], [], max(left, 0))
            if not ready:
                raise Failure(f"desk {self.name} did not answer within {timeout} s")
            data = os.read(self.proc.stdout.fileno(), 65536)
            if not data:
                raise Failure(f"desk {self.name} exited ({self.proc.wait()}): see {self.err.name}")
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        screen = json.loads(line)
        if "error" in screen:
            raise Failure(f"desk {self.name}: {screen['error']}")
        return screen

    def say(self, line):
        self.send(line)
        return self.answer()

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.proc = None

    def stop(self):
        self.proc.stdin.close()  # standard input ends: the desk stops its sync and exits
        code = self.proc.wait(timeout=60)
        self.proc = None
        if code != 0:
            raise Failure(f"desk {self.name} exited {code}: see {self.err.name}")

    def rows(self, sql):
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as c:
            return c.execute(sql).fetchall()


# ---------------------------------------------------------------- the workload

FIRST_DAY = datetime(2026, 11, 24)  # a Tuesday of the demo school's autumn term, which ends on 18 Dec
SCHOOL_DAYS = [d for d in (FIRST_DAY + timedelta(days=n) for n in range(24)) if d.weekday() < 5]


def school_time(op, per_day=24):
    """The clock for the op-th operation: mornings of hand-ins and sign-outs,
    then afternoons of collections and returns, 20 s apart."""
    day, i = divmod(op, per_day)
    half = per_day // 2
    start = "08:20" if i < half else "15:12"
    base = datetime.combine(SCHOOL_DAYS[day % len(SCHOOL_DAYS)], datetime.strptime(start, "%H:%M").time())
    return base + timedelta(seconds=20 * (i % half))


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S")


class Workload:
    """Seeded operations; what each desk's screen showed as accepted."""

    def __init__(self, rng, history):
        self.rng = rng
        self.history = history  # (desk, expected event type, at, subject)
        self.op = 0
        self.indeterminate = 0

    def step(self, desk, kill_after=None):
        """One operation at `desk`. With kill_after (seconds) the desk is
        killed that long after its first input is sent, its answer unread."""
        at = stamp(school_time(self.op) + desk.skew)
        self.op += 1
        if self.rng.random() < 0.6:
            self.pupil(desk, self.rng.choice(PUPILS), at, kill_after)
        else:
            self.laptop(desk, self.rng.choice(STAFF), self.rng.choice(LAPTOPS), at, kill_after)
        if desk.running:
            home = desk.say({"choose": "cancel"})
            if home["signed_in"]:
                desk.say({"choose": "signoff"})

    def accepted(self, desk, screen, kind, at, subject):
        if screen["feedback"] == "accepted":
            self.history.append((desk.name, kind, at, subject))

    def cut(self, desk, kill_after):
        if kill_after is None:
            return False
        time.sleep(kill_after)
        desk.kill()
        self.indeterminate += 1
        return True

    def pupil(self, desk, card, at, kill_after):
        desk.send({"scan": card, "at": at})
        if self.cut(desk, kill_after):
            return
        s = desk.answer()
        if s["screen"] == "handin.slot":
            self.accepted(desk, s, "handin.recorded", at, card)
        for _ in range(3):  # a pupil with devices in more than one pouch
            if s["screen"] != "collect.pouch":
                break
            number = re.search(r"\d+", s["big"])  # "Pouch 7"
            if not number:
                break
            s = desk.say({"scan": f"PO{int(number[0]):04d}"})
            self.accepted(desk, s, "handin.collected", at, card)

    def laptop(self, desk, staff, device, at, kill_after):
        badge, pin = staff
        desk.send({"scan": badge, "at": at})
        if self.cut(desk, kill_after):
            return
        desk.answer()
        if desk.say({"pin": pin})["screen"] != "staff.menu":
            raise Failure(f"{badge} could not sign in at {desk.name}")
        s = desk.say({"scan": device})
        if s["screen"] == "signout.where":
            self.accepted(desk, desk.say({"choose": "onsite"}), "loan.signed-out", at, device)
        elif s["screen"] == "return.condition":
            s = desk.say({"choose": "fine"})
            if s["screen"] == "return.accessories":
                s = desk.say({"choose": "confirm"})
            self.accepted(desk, s, "loan.returned", at, device)


# ---------------------------------------------------------------- the nemesis

FAULTS = ["kill", "stop-fast", "stop-immediate", "kill-server", "hang", "hold", "reset", "skew"]


def schedule(rng, seconds, long_holds):
    """Two timelines of (start, end, fault, desk, skew): the desks' (kills, clock
    skews) and the network's (the server, the proxy), each without overlaps
    of its own, but overlapping each other."""
    plan = []
    for kinds in (["kill", "kill", "skew"], ["stop-fast", "stop-immediate", "kill-server", "hang", "hold", "reset"]):
        t = rng.uniform(0.5, 2.0)
        while t < seconds - 1:
            kind = rng.choice(kinds)
            length = {"kill": rng.uniform(0.2, 2.0), "skew": rng.uniform(2, 6), "reset": rng.uniform(0.3, 2.0),
                      "hold": rng.uniform(16, 20) if long_holds and rng.random() < 0.2 else rng.uniform(1, 5)
                      }.get(kind, rng.uniform(1, 4))
            desk = rng.choice(DESKS)
            skew = timedelta(hours=rng.choice([-50, -3, -1, 1, 26]), seconds=13)
            plan.append((t, t + length, kind, desk, skew))
            t += length + rng.uniform(0.3, 2.0)
    return sorted(plan)


class Nemesis:
    def __init__(self, plan, desks, server, proxy, rng, trace):
        self.start = time.monotonic()
        self.trace = trace  # what was done when, for a failed run's files
        self.pending = list(plan)
        self.active = []
        self.desks, self.server, self.proxy, self.rng = desks, server, proxy, rng
        self.counts = {k: 0 for k in FAULTS}

    def ending(self, until):
        for f in sorted((f for f in self.active if f[1] <= until), key=lambda f: f[1]):
            self.active.remove(f)
            self.end(f)

    def tick(self, elapsed, workload):
        """Ends and begins what is due by `elapsed`, in the plan's order."""
        while self.pending and self.pending[0][0] <= elapsed:
            f = self.pending.pop(0)
            self.ending(f[0])
            if f[2] == "kill" and self.rng.random() < 0.3 and self.desks[f[3]].running:
                self.note("mid-input", f)
                workload.step(self.desks[f[3]], kill_after=self.rng.uniform(0, 0.05))
            else:
                self.begin(f)
            self.active.append(f)
            self.counts[f[2]] += 1
        self.ending(elapsed)

    def note(self, what, f):
        print(f"{time.monotonic() - self.start:7.2f} {what} {f[2]} {f[3]}", file=self.trace, flush=True)

    def begin(self, f):
        _, _, kind, name, skew = f
        self.note("begin", f)
        desk = self.desks[name]
        if kind == "kill" and desk.running:
            desk.kill()
        elif kind == "skew":
            desk.skew = skew
        elif kind.startswith("stop-"):
            self.server.stop(kind[5:])
        elif kind == "kill-server":
            self.server.kill()
        elif kind == "hang":
            self.server.hang()
        elif kind in ("hold", "reset"):
            self.proxy.set(kind)

    def end(self, f):
        _, _, kind, name, _ = f
        self.note("end", f)
        desk = self.desks[name]
        if kind == "kill" and not desk.running:
            desk.start()
        elif kind == "skew":
            desk.skew = timedelta(0)
        elif kind in ("stop-fast", "stop-immediate", "kill-server", "hang"):
            self.server.heal()
        elif kind in ("hold", "reset"):
            self.proxy.set("pass")

    def heal(self):
        for f in list(self.active):
            self.active.remove(f)
            self.end(f)
        for desk in self.desks.values():
            if not desk.running:
                desk.start()


# ---------------------------------------------------------------- the checks

def server_events(school):
    rows = admin(f"""SELECT coalesce(json_agg(json_build_array(e.pos, e.id, d.kiosk, e.type, e.at) ORDER BY e.pos), '[]')
                     FROM tagdesk.events e JOIN tagdesk.desks d ON d.desk = e.desk
                     JOIN tagdesk.schools s ON s.school = e.school WHERE s.code = '{school}'""")
    return json.loads(rows)


def school_pos(school):
    return int(admin(f"SELECT pos FROM tagdesk.schools WHERE code = '{school}'"))


def settled(desk, pos):
    # What `sync status` reads, without starting a sanitizer build's tagdesk
    # for each look (the unsent events as db/src/sync_log.cpp counts them).
    unsent = desk.rows("SELECT count(*) FROM events WHERE seq > (SELECT coalesce(max(seq), 0) FROM sync_sent)"
                       " AND id NOT IN (SELECT id FROM sync_pulled)")[0][0]
    cursor = desk.rows("SELECT cursor FROM sync_state")[0][0]
    return unsent == 0 and cursor == pos, f"{unsent} waiting, cursor {cursor} of {pos}"


def admin_lines(desk):
    """What the administrator's menu says about sync (why the server does not answer)."""
    badge, pin = STAFF[0]
    desk.say({"scan": badge})
    lines = desk.say({"pin": pin})
    if lines["screen"] == "staff.menu":
        lines = desk.say({"choose": "admin"})
    desk.say({"choose": "cancel"})
    desk.say({"choose": "signoff"})
    return " / ".join(lines["lines"])


def settle(desks, school, limit):
    start = time.monotonic()
    while True:
        for d in desks.values():
            d.say({"tick": {}})
        pos = school_pos(school)
        states = {n: settled(d, pos) for n, d in desks.items()}
        if all(ok for ok, _ in states.values()):
            return time.monotonic() - start
        if time.monotonic() - start > limit:
            header = {n: d.say({"tick": {}})["sync"] for n, d in desks.items()}
            acked = {n: d.rows("SELECT desk_seq FROM sync_state")[0][0] for n, d in desks.items()}
            on_server = dict(line.split("|") for line in admin(
                f"SELECT d.kiosk, d.seq FROM tagdesk.desks d JOIN tagdesk.schools s USING (school) "
                f"WHERE s.code = '{school}'").splitlines())
            raise Failure(f"not settled after {limit} s: " + "; ".join(
                f"{n}: {states[n][1]}, header \"{header[n]}\", the server has its events up to number "
                f"{on_server[n]}, its file's receipts up to {acked[n]}" +
                ("" if states[n][0] else f"; its admin screen says: {admin_lines(d)}") for n, d in desks.items()))
        time.sleep(0.3)


def check_accepted(desks, history, events):
    ids = [e[1] for e in events]
    if len(ids) != len(set(ids)):
        raise Failure("the server holds an event twice")
    on_server = set(ids)
    from_server = {e[1]: (e[3], e[4]) for e in events}
    for name, desk in desks.items():
        mine = {r[0]: r for r in desk.rows("SELECT id, type, at, kiosk FROM events")}
        own = {(r[1], r[2]): r[0] for r in mine.values() if r[3] == name}
        for desk_name, kind, at, subject in history:
            if desk_name != name:
                continue
            if (kind, at) not in own:
                raise Failure(f"desk {name} showed a {kind} of {subject} at {at} as accepted, but no such event "
                              "is in its file")
            if own[kind, at] not in on_server:
                raise Failure(f"desk {name} showed a {kind} of {subject} at {at} as accepted, and it is in its file "
                              f"(id {own[kind, at]}), but not on the server")
        describe = lambda ids: ", ".join("{} at {} ({})".format(*(mine[i][1:3] if i in mine else from_server[i]), i)
                                         for i in sorted(ids)[:3])
        if set(mine) - on_server:
            raise Failure(f"desk {name} holds {len(set(mine) - on_server)} events the server lacks: "
                          f"{describe(set(mine) - on_server)}")
        if on_server - set(mine):
            raise Failure(f"desk {name} lacks {len(on_server - set(mine))} of the server's events: "
                          f"{describe(on_server - set(mine))}")


def dump(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return {t: {str(r[0]): r for r in c.execute(f"SELECT * FROM {t}")} for t in PROJECTIONS}


def check_converged(desks, fresh_db, events):
    """Each desk's tables against the fresh desk's: the same, row by row
    (a desk replays its projections in the server's order when another
    desk's events arrive that the server placed before its own)."""
    server_order = {e[1]: e[0] for e in events}
    want = dump(fresh_db)
    for name, desk in desks.items():
        have = dump(desk.db)
        local = desk.rows("SELECT id, coalesce(person, ''), coalesce(device, ''), coalesce(slot, ''), data "
                          "FROM events ORDER BY seq")
        for table in PROJECTIONS:
            for key in sorted(set(want[table]) | set(have[table])):
                if want[table].get(key) == have[table].get(key):
                    continue
                about = [r[0] for r in local if key in r[1:4] or f'"{key}"' in r[4]]
                order = ("in the server's order" if about == sorted(about, key=lambda i: server_order[i])
                         else "in another order than the server's (its tables should be a replay in the server's)")
                raise Failure(f"desk {name}'s {table} row {key} differs from the server's rebuild; it appended "
                              f"that row's events {order}:\n  desk:    {have[table].get(key)}\n"
                              f"  rebuild: {want[table].get(key)}")


def check_server_chain(school):
    ok = admin(f"""WITH RECURSIVE s AS (SELECT school FROM tagdesk.schools WHERE code = '{school}'),
      c(pos, h) AS (
        SELECT 0::bigint, '\\x{'00' * 32}'::bytea
        UNION ALL
        SELECT e.pos, tagdesk.server_link(c.h, e.pos, d.kiosk, e.desk_seq, e.desk_hash)
        FROM c JOIN tagdesk.events e ON e.school = (SELECT school FROM s) AND e.pos = c.pos + 1
        JOIN tagdesk.desks d ON d.desk = e.desk)
      SELECT coalesce(bool_and(c.h = e.server_hash), true)
             AND coalesce(max(c.pos), 0) = (SELECT count(*) FROM tagdesk.events WHERE school = (SELECT school FROM s))
             AND (SELECT head FROM tagdesk.schools WHERE code = '{school}') =
                 coalesce((SELECT h FROM c ORDER BY pos DESC LIMIT 1), '\\x{'00' * 32}'::bytea)
      FROM c JOIN tagdesk.events e ON e.school = (SELECT school FROM s) AND e.pos = c.pos""")
    if ok != "t":
        raise Failure(f"the server's chain over school {school}'s order does not verify")


def double_custody(events, data_of):
    """Devices signed out again, in the server's order, before a return; and
    pupils' phones collected twice."""
    out, collected, found = {}, {}, []
    for pos, eid, kiosk, kind, at in events:
        if kind not in ("loan.signed-out", "loan.returned", "handin.collected"):
            continue
        data = json.loads(data_of[eid])
        if kind == "handin.collected":
            if data["held"] in collected:
                found.append((data["held"], collected[data["held"]], kiosk))
            collected[data["held"]] = kiosk
            continue
        device = data["loan"]["device"] if kind == "loan.signed-out" else data["device"]
        if kind == "loan.signed-out":
            if device in out:
                found.append((device, out[device], kiosk))
            out[device] = kiosk
        else:
            out.pop(device, None)
    return found


def records_conflicts():
    """Whether this tagdesk records conflicts between desks (it has a
    conflicts report), once a process."""
    if not hasattr(records_conflicts, "known"):
        help_text = subprocess.run([TAGDESK, "report", "--help"], capture_output=True, text=True).stdout
        records_conflicts.known = "conflicts" in help_text
    return records_conflicts.known


def check_conflicts(doubles, events, data_of):
    """The hook for conflict events (issue 21: "every double custody has a
    conflict event"). A tagdesk that does not record them yet (no conflicts
    report, no CONFLICT_TYPE event on the server) has its double custodies
    only counted."""
    conflicts = [e for e in events if e[3].startswith(CONFLICT_TYPE)]
    if not conflicts and not records_conflicts():
        return
    for device, first, second in doubles:
        if not any(device in data_of.get(e[1], "") for e in conflicts):
            raise Failure(f"{device} was signed out (or collected) at {first} and again at {second}, "
                          "and no conflict event names it")


# ---------------------------------------------------------------- one run

def one_run(seed, run, seconds, long_holds, work):
    ops_rng, nemesis_rng = random.Random(f"ops-{seed}"), random.Random(f"nemesis-{seed}")
    school = f"F{seed % 10**8}"
    os.environ["XDG_CONFIG_HOME"] = work  # every desk of the run shares one key and PIN pepper
    if run == 0:
        tagdesk("server", "init", URL)
    kiosks = [*DESKS, "fresh"]
    t0 = time.monotonic()
    server, proxy, desks = Server(), Proxy(int(os.environ.get("PGPORT", "5432"))), {}
    try:
        # The demo school as it stood the day before the workload's first day.
        parallel([["server", "add-desk", URL, "--school", school, "--kiosk", k, "--out", f"{work}/{k}.creds.toml"]
                  for k in kiosks] + [["init", "--demo", "--db", f"{work}/d1.sqlite"]],
                 env=dict(os.environ, TAGDESK_NOW="2026-11-23T07:00:00"))
        for k in kiosks:
            with open(f"{work}/{k}-desk.toml", "w") as f:
                f.write(f'[kiosk]\nname = "{k}"\n[sync]\nurl = "postgresql://127.0.0.1:{proxy.port}/'
                        f'{os.environ.get("PGDATABASE", "postgres")}"\ncredentials = "{k}.creds.toml"\n')
        # Each desk gives out the pouches of its own rack (d1 the rest, once it publishes).
        for k, pouches in (("d2", "PO0401-PO0700"), ("d3", "PO0701-PO1100")):
            parallel([["rack", "move", k, "--to", k, "--pouches", pouches, "--db", f"{work}/d1.sqlite"]],
                     env=dict(os.environ, TAGDESK_NOW="2026-11-23T07:00:00"))
        join = lambda k: ["sync", "join", URL, "--kiosk", k, "--db", f"{work}/{k}.sqlite", "--config",
                          f"{work}/{k}-desk.toml"]
        tagdesk(*join("d1"))
        parallel([join(k) for k in DESKS[1:]])
        desks.update({k: Desk(k, work) for k in DESKS})
        for d in desks.values():
            d.start()
        for d in desks.values():
            d.say({"tick": {}})  # each has read its file
        log(f"  set up in {time.monotonic() - t0:.0f} s")

        history = []
        workload = Workload(ops_rng, history)
        nemesis = Nemesis(schedule(nemesis_rng, seconds, long_holds), desks, server, proxy, nemesis_rng,
                          open(f"{work}/nemesis.log", "w"))
        start = time.monotonic()
        while (elapsed := time.monotonic() - start) < seconds:
            nemesis.tick(elapsed, workload)
            desk = desks[ops_rng.choice(DESKS)]
            if desk.running:
                workload.step(desk)
        nemesis.heal()
        took = settle(desks, school, 90)
        for d in desks.values():
            d.stop()
        for name, out in zip(DESKS, parallel([["sync", "status", "--json", "--config", d.config, "--db", d.db]
                                              for d in desks.values()])):
            status = json.loads(out)
            if (status["waiting"], status["to_pull"], status["reachable"]) != (0, 0, True):
                raise Failure(f"settled, yet desk {name}'s sync status says {out.strip()}")
    finally:
        for d in desks.values():
            if d.running:
                d.kill()
        server.heal()
        proxy.close()

    log(f"  workload and settling done at {time.monotonic() - t0:.0f} s")
    events = server_events(school)
    check_accepted(desks, history, events)
    tagdesk(*join("fresh"))
    check_converged(desks, f"{work}/fresh.sqlite", events)
    parallel([["verify", "--db", f"{work}/{k}.sqlite"] for k in kiosks])
    check_server_chain(school)
    data_of = dict(desks["d1"].rows("SELECT id, data FROM events"))
    doubles = double_custody(events, data_of)
    check_conflicts(doubles, events, data_of)
    return {"ops": workload.op, "accepted": len(history), "indeterminate": workload.indeterminate,
            "events": len(events), "faults": nemesis.counts, "settled_s": round(took, 1),
            "double_custody": len(doubles)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, help="the first run's seed (default: random); each further run adds one")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--seconds", type=float, default=15, help="workload and faults per run")
    p.add_argument("--long-holds", action="store_true", help="some black holes outlast the desks' 15 s answer timeout")
    p.add_argument("--keep", help="keep each failed run's files in this folder")
    p.add_argument("--replay", default="tests/sync/faults_test.sh --seed {seed}",
                   help="the command printed to replay a failed seed")
    a = p.parse_args()
    if not TAGDESK:
        sys.exit("set TAGDESK to the tagdesk binary")
    first = a.seed if a.seed is not None else random.SystemRandom().randrange(10**9)
    failures, totals = [], {"ops": 0, "accepted": 0, "events": 0, "double_custody": 0}
    faults = {k: 0 for k in FAULTS}
    for run in range(a.runs):
        seed = first + run
        work = tempfile.mkdtemp(prefix=f"tagdesk-faults-{seed}-")
        t0 = time.monotonic()
        try:
            r = one_run(seed, run, a.seconds, a.long_holds, work)
            for k in ("ops", "accepted", "events", "double_custody"):
                totals[k] += r[k]
            for k, n in r["faults"].items():
                faults[k] += n
            log(f"run {run + 1}/{a.runs} seed {seed}: ok in {time.monotonic() - t0:.0f} s; {r['ops']} ops, "
                f"{r['accepted']} accepted, {r['indeterminate']} cut off mid-input, {r['events']} events on the "
                f"server; faults {' '.join(f'{k} {n}' for k, n in r['faults'].items() if n)}; settled in "
                f"{r['settled_s']} s; double custody {r['double_custody']}")
            subprocess.run(["rm", "-rf", work])
        except Exception as e:  # a Failure, or the harness's own error: either way the seed replays it
            failures.append(seed)
            log(f"FAIL run {run + 1}/{a.runs} seed {seed}: {e}")
            log(f"  replay: {a.replay.format(seed=seed)}; files in {work}")
            if a.keep:
                os.makedirs(a.keep, exist_ok=True)
                subprocess.run(["mv", work, os.path.join(a.keep, str(seed))])
    log(f"{a.runs} runs, {len(failures)} failed{': seeds ' + ' '.join(map(str, failures)) if failures else ''}; "
        f"{totals['ops']} operations, {totals['accepted']} accepted, {totals['events']} events; faults "
        f"{' '.join(f'{k} {n}' for k, n in faults.items())}; {totals['double_custody']} double custodies")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
