#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording (jdk.ExecutionSample) as markdown.

    python3 bench/jfr_summary.py <recording.jfr> [jfr binary]

Prints (1) where CPU time is spent inclusively, by component (a sample counts for a component when any
frame of its stack belongs to it), and (2) the top self methods.
"""
import collections
import re
import subprocess
import sys

COMPONENTS = [
    ("PostgreSQL JDBC driver (protocol, I/O)", "org.postgresql."),
    ("Hikari connection pool", "com.zaxxer.hikari."),
    ("Hibernate ORM", "org.hibernate.engine.|org.hibernate.internal.|org.hibernate.sql.|org.hibernate.event.|org.hibernate.query.|org.hibernate.persister.|org.hibernate.resource.|org.hibernate.loader."),
    ("Spring transaction management", "org.springframework.transaction."),
    ("Spring Data repositories (proxies, query derivation)", "org.springframework.data."),
    ("Spring Security filter chain", "org.springframework.security."),
    ("Jackson (JSON)", "tools.jackson.|com.fasterxml.jackson."),
    ("Tomcat / HTTP", "org.apache.coyote.|org.apache.tomcat.|org.apache.catalina."),
    ("libphonenumber", "com.google.i18n.phonenumbers."),
    ("JCA crypto (HMAC, AES)", "javax.crypto.|com.sun.crypto."),
    ("Bean validation", "org.hibernate.validator."),
    ("Micrometer / observation", "io.micrometer."),
    ("Modulith event publication", "org.springframework.modulith."),
    ("Jakarta Mail / Angus (IMAP, MIME parsing)", "org.eclipse.angus.|jakarta.mail."),
    ("HTML sanitising and parsing (OWASP sanitizer, jsoup)", "org.owasp.|org.jsoup."),
    ("Hibernate Search / Lucene (indexing)", "org.hibernate.search.|org.apache.lucene."),
    ("naadloos.platform.BlobStore (files on disk)", "nl.naadloos.platform.BlobStore"),
    ("naadloos.channels (ApiChannelInbound, InboundProcessor, MailboxPoller, EmailParser)", "nl.naadloos.channels."),
    ("naadloos.contacts (SenderResolver)", "nl.naadloos.contacts."),
    ("naadloos.conversations (ConversationService)", "nl.naadloos.conversations."),
]

FRAME = re.compile(r"^\s+([\w$.<>/]+)\(")


def main():
    path = sys.argv[1]
    jfr = sys.argv[2] if len(sys.argv) > 2 else "jfr"
    event = "jdk.CPUTimeSample"
    text = subprocess.run([jfr, "print", "--events", event, "--stack-depth", "200", path],
                          capture_output=True, text=True, check=True).stdout
    if event not in text:
        event = "jdk.ExecutionSample"
        text = subprocess.run([jfr, "print", "--events", event, "--stack-depth", "200", path],
                              capture_output=True, text=True, check=True).stdout
    samples = []
    current = None
    for line in text.splitlines():
        if line.startswith(event):
            current = []
            samples.append(current)
        elif current is not None:
            m = FRAME.match(line)
            if m:
                current.append(m.group(1))
    total = len(samples)
    if total == 0:
        print("(no execution samples)")
        return
    inclusive = collections.Counter()
    leaf = collections.Counter()
    self_methods = collections.Counter()
    for frames in samples:
        if frames:
            self_methods[frames[0]] += 1
        joined = " ".join(frames)
        for name, prefixes in COMPONENTS:
            if any(p in joined for p in prefixes.split("|")):
                inclusive[name] += 1
        owner = "JDK / other (GC-free Java code outside the listed libraries)"
        for frame in frames:
            hit = next((name for name, prefixes in COMPONENTS
                        if any(frame.startswith(p) for p in prefixes.split("|"))), None)
            if hit:
                owner = hit
                break
        leaf[owner] += 1
    kind = "CPU-time samples (jdk.CPUTimeSample)" if event == "jdk.CPUTimeSample" else "execution samples"
    print(f"{total} {kind} of Java threads.\n")
    print("| Component | self (innermost listed component on the stack) | inclusive (anywhere on the stack) |")
    print("|---|---|---|")
    for name, n in leaf.most_common():
        print(f"| {name} | {100.0 * n / total:.0f} % | {100.0 * inclusive[name] / total:.0f} % |")
    print("\nTop self methods:\n")
    print("| Method | share |")
    print("|---|---|")
    for method, n in self_methods.most_common(12):
        print(f"| `{method}` | {100.0 * n / total:.1f} % |")


if __name__ == "__main__":
    main()
