#!/usr/bin/env python3
"""Heap, GC, allocation and socket waits of a JFR recording, as markdown (for bench/mail-ingest.sh).

    python3 bench/mail_jfr.py <recording.jfr> <jfr binary> <mails processed> <seconds> <IMAP port> <PostgreSQL port>

Prints
- the heap in use after each GC (what survives: min / median / max) and before it (the peak), the GCs by
  cause, how much was allocated (the growth of the heap from one GC to the next, summed) in all and per mail;
- where the sampled allocations come from (jdk.ObjectAllocationSample weights);
- where the mailbox reader and the inbound workers wait on the network (jdk.SocketRead/SocketWrite, recorded
  with threshold 0): per thread group, server (IMAP or PostgreSQL) and step of the application.
The recording is read as `jfr print` text, streamed, so a recording of 10,000 mails fits in little memory.
"""
import collections
import json
import re
import statistics
import subprocess
import sys

UNITS = {"ns": 1e-9, "us": 1e-6, "\u00b5s": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0}
SIZES = {"byte": 1, "bytes": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}
FRAME = re.compile(r"^\s+([\w$.<>/]+)\(")


def seconds(text):
    value, _, unit = text.strip().partition(" ")
    return float(value.replace(",", "")) * UNITS.get(unit.strip(), 1.0)


def size(text):
    value, _, unit = text.strip().partition(" ")
    return float(value.replace(",", "")) * SIZES.get(unit.strip(), 1)


def stream(jfr, path, event, depth):
    """Yields (fields, frames) per event of the given type from `jfr print` text output."""
    proc = subprocess.Popen([jfr, "print", "--stack-depth", str(depth), "--events", event, path],
                            stdout=subprocess.PIPE, text=True, bufsize=1 << 20)
    fields, frames, in_stack = None, [], False
    for line in proc.stdout:
        if line.startswith(event + " {"):
            fields, frames, in_stack = {}, [], False
        elif fields is None:
            continue
        elif line.startswith("}"):
            yield fields, frames
            fields = None
        elif in_stack:
            m = FRAME.match(line)
            if m:
                frames.append(m.group(1))
            elif line.strip() == "]":
                in_stack = False
        elif "stackTrace = [" in line:
            in_stack = True
        elif " = " in line:
            key, _, value = line.strip().partition(" = ")
            fields[key] = value
    proc.wait()


def short(frame):
    parts = frame.split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else frame


def app_frame(frames):
    for f in frames:
        if f.startswith("nl.naadloos.") and "$$" not in f and ".$Proxy" not in f:
            return short(f)
    return "-"


def heap(jfr, path, mails):
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.GCHeapSummary,jdk.GarbageCollection", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    before, after = {}, {}
    causes = collections.Counter()
    pause = 0.0
    for e in events:
        v = e["values"]
        if e["type"] == "jdk.GCHeapSummary":
            (before if v["when"] == "Before GC" else after)[v["gcId"]] = v["heapUsed"]
        else:
            causes[f'{v["name"]} ({v["cause"]})'] += 1
            s = v.get("sumOfPauses", "PT0S")
            if isinstance(s, str) and s.startswith("PT") and s.endswith("S"):
                pause += float(s[2:-1])
    ids = sorted(set(before) & set(after))
    if not ids:
        print("- no GC in this phase")
        return
    allocated, prev = 0, None
    for i in ids:
        if prev is not None:
            allocated += max(0, before[i] - prev)
        prev = after[i]
    afters = [after[i] / 1048576 for i in ids]
    print(f"- {len(ids)} GCs, pauses {pause * 1000:.0f} ms in all; heap in use **after GC: min {min(afters):.0f} MB, "
          f"median {statistics.median(afters):.0f} MB, max {max(afters):.0f} MB**; before GC (the peak): max "
          f"{max(before[i] for i in ids) / 1048576:.0f} MB")
    per_mail = f", **{allocated / 1048576 / mails:.1f} MB per mail**" if mails else ""
    print(f"- allocated (heap growth between GCs, summed): {allocated / 1048576:.0f} MB{per_mail}")
    print("- GCs by cause: " + ", ".join(f"{k} {n}" for k, n in causes.most_common()))


def allocations(jfr, path):
    sites = collections.Counter()
    total = 0.0
    for fields, frames in stream(jfr, path, "jdk.ObjectAllocationSample", 48):
        w = size(fields.get("weight", "0 bytes"))
        total += w
        cls = fields.get("objectClass", "?").split(" (")[0]
        sites[(cls, short(frames[0]) if frames else "?", app_frame(frames))] += w
    if not total:
        return
    print()
    print("| share of sampled allocation | object | allocated in | innermost application frame |")
    print("|---:|---|---|---|")
    for (cls, top, app), w in sites.most_common(8):
        print(f"| {100.0 * w / total:.0f} % | `{cls}` | `{short(top)}` | `{app}` |")


def step(frames, server):
    joined = " ".join(frames)
    if server == "IMAP":
        for needle, name in (("IMAPFolder.idle", "IDLE (waiting for news)"), ("MimeMessage.writeTo", "mail body (writeTo: partial FETCHes)"),
                             ("IMAPMessage.writeTo", "mail body (writeTo: partial FETCHes)"),
                             ("IMAPMessage.getHeader", "Message-ID header"), ("IMAPMessage.getFrom", "sender (ENVELOPE)"),
                             ("copyMessages", "move: COPY"), ("setFlag", "move: STORE \\Deleted"), ("Folder.close", "CLOSE (expunge)"),
                             ("IMAPFolder.open", "SELECT"), ("getMessagesByUID", "UID FETCH of new mail"),
                             ("getFolder", "LIST / CREATE"), ("Service.connect", "connect + LOGIN"), ("Store.connect", "connect + LOGIN"),
                             ("close", "LOGOUT")):
            if needle in joined:
                return name
    return app_frame(frames)


def sockets(jfr, path, imap_port, pg_port, mails, secs):
    waits = collections.defaultdict(lambda: [0, 0.0])
    for event in ("jdk.SocketRead", "jdk.SocketWrite"):
        for fields, frames in stream(jfr, path, event, 64):
            thread = fields.get("eventThread", "").split('"')[1] if '"' in fields.get("eventThread", "") else "?"
            if thread.startswith("mailbox-"):
                group = "mailbox reader"
            elif thread.startswith("inbound-"):
                group = "inbound workers"
            else:
                continue
            port = fields.get("port", "")
            server = "IMAP" if port == str(imap_port) else "PostgreSQL" if port == str(pg_port) else f"port {port}"
            if "IMAPFolder.idle" in " ".join(frames):
                group = "mailbox IDLE watch"
            key = (group, server, step(frames, server), "read" if event.endswith("Read") else "write")
            waits[key][0] += 1
            waits[key][1] += seconds(fields.get("duration", "0 s"))
    if not waits:
        return
    print()
    print(f"Time spent waiting on sockets (jdk.SocketRead/SocketWrite with threshold 0, {secs} s phase, {mails} mails):")
    print()
    print("| threads | server | step | reads/writes | count | per mail | seconds | ms per mail |")
    print("|---|---|---|---|---:|---:|---:|---:|")
    totals = collections.defaultdict(float)
    for (group, server, what, kind), (n, s) in sorted(waits.items(), key=lambda kv: -kv[1][1])[:18]:
        print(f"| {group} | {server} | {what} | {kind} | {n} | {n / max(mails, 1):.1f} | {s:.1f} | {1000 * s / max(mails, 1):.2f} |")
    for (group, server, _, _), (_, s) in waits.items():
        totals[(group, server)] += s
    print()
    print("In all: " + "; ".join(f"{g} on {srv} {s:.1f} s ({100 * s / max(secs, 1):.0f} % of the phase)"
                                for (g, srv), s in sorted(totals.items(), key=lambda kv: -kv[1])) + ".")


STEPS = [
    ("EmailParser.envelope: parse the stored mail (inbound workers)", "nl.naadloos.channels.EmailParser.envelope"),
    ("- of which jakarta.mail.Session.getInstance (a new mail Session for every mail)", "jakarta.mail.Session.getInstance"),
    ("- of which EmailParser.walk (bodies; files decoded into the blob store)", "nl.naadloos.channels.EmailParser.walk"),
    ("ConversationService.receive: contact, conversation, message (inbound workers)", "nl.naadloos.conversations.ConversationService.receive"),
    ("MailboxPoller.take: fetch the mail, write the .eml, store the event (reader)", "nl.naadloos.channels.MailboxPoller.take"),
    ("BlobStore.put: copy + SHA-256 to disk (reader and workers)", "nl.naadloos.platform.BlobStore.put"),
    ("HTML sanitising (OWASP) and jsoup", "org.owasp.html.|org.jsoup."),
]


def cpu_steps(jfr, path):
    threads = collections.Counter()
    steps = collections.Counter()
    total = 0
    for fields, frames in stream(jfr, path, "jdk.ExecutionSample", 64):
        total += 1
        name = fields.get("sampledThread", "?").split('"')[1] if '"' in fields.get("sampledThread", "") else "?"
        threads[re.sub(r"\d+", "N", name)] += 1
        joined = " ".join(frames)
        for label, needles in STEPS:
            if any(n in joined for n in needles.split("|")):
                steps[label] += 1
    if not total:
        return
    print()
    print(f"Java CPU samples ({total}, jdk.ExecutionSample; JIT compiler and GC threads are not in them) by thread:")
    print(", ".join(f"`{t}` {100.0 * n / total:.0f} %" for t, n in threads.most_common(6)) + ".")
    print()
    print("| step (anywhere on the sampled stack) | share of Java CPU samples |")
    print("|---|---:|")
    for label, _ in STEPS:
        print(f"| {label} | {100.0 * steps[label] / total:.0f} % |")


def main():
    path, jfr = sys.argv[1], sys.argv[2]
    mails = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3].isdigit() else 0
    secs = float(sys.argv[4]) if len(sys.argv) > 4 else 0
    imap_port = sys.argv[5] if len(sys.argv) > 5 else ""
    pg_port = sys.argv[6] if len(sys.argv) > 6 else "5432"
    heap(jfr, path, mails)
    allocations(jfr, path)
    cpu_steps(jfr, path)
    sockets(jfr, path, imap_port, pg_port, mails, secs)


if __name__ == "__main__":
    main()
